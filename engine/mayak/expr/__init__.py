"""Expressions: parsing with plain-language errors, the whitelisted functions, what names mean
(scopes), and the compiler to Polars expressions; text templates; values as people read them."""
