"""The exemplar case bank (示范案例库): schema, loading, validation, variants."""
