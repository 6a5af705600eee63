"""The famous-architectures page: figures and page sections."""
