"""The built-in example corpus (see corpus/README.md): an invented wire story and its copies."""
