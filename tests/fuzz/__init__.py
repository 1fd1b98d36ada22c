"""Fuzzing every importer with damaged real files (issue 15): seeds, mutators, the importer catalogue.

``benchmarks/fuzz.py`` imports these modules too, so the tests and the benchmark feed the same files.
"""
