"""wiretrace: text-reuse forensics for news.

The pipeline, one package per stage:
ingest → normalize → candidates → align → classify → provenance → report.
"""

__version__ = "0.1.0"
