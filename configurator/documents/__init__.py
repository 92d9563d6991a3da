"""The PDF documents: 御見積書 (quote) and 申込書 (application form), with ReportLab, no Qt."""
