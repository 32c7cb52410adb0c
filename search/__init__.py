"""The semantic layer: embeddings, query understanding, retrieval and answers."""
