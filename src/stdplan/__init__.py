"""stdplan: the service-industry-opening standardization task lists as validated, queryable data."""

__version__ = "0.1.0"
