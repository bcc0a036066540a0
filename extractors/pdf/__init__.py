"""Reading a PDF: a path in, an opened document out (pdfplumber pages, pdfium's copy where
pdfminer fails, typed errors where nothing can read it), and each page's words and lines."""
