"""What reads many files and computes over them: the ward sheet and ``check``.

May import ``formats``, ``engine``, ``errors`` and ``data``; views and exports render its
results, and only the CLI calls both.
"""
