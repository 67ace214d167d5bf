"""Language resources used by several stages: stop words, word weights, WordNet."""
