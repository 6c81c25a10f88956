"""What people read: language and display helpers, terminal tables, and the renderers.

The calendar view and its text, HTML and CSV renderers, the ward sheet, the regimen grid and the
diff as text. May import ``engine``, ``errors`` and ``data``; never a file model or the CLI.
"""
