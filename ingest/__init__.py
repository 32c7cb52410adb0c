"""Getting data into the graph: the seed dataset, validation, batched writes, embeddings."""
