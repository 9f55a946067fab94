// drillbook reader script (minimal; the reader-site work extends it).
