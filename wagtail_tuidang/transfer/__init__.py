"""Import and export of statements (CSV and XLSX) and of historical daily
totals, in the admin and from the shell."""
