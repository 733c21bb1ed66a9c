# Imports stay inside the guard: the load clients are spawned processes that re-run this
# module and must not set Django up.
if __name__ == "__main__":
    import sys

    from bench.run import main

    sys.exit(main())
