"""The build engine: incremental keys, the print pool, the atomic swap of each output root."""
