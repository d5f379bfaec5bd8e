"""Offline bundles: one archive per city-language, built on the worker (README, "Offline bundles").

archive: the format; build: what goes in (worker); store: the files; serve: the request.
"""
