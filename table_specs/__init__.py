"""The bundled table specs (one YAML file a table) and the models that validate them."""
