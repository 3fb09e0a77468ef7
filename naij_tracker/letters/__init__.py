"""Letters from the record: Word templates (docxtpl) filled from a matter.

* :mod:`.fields` — the fields a template may use, and the context built from plain data;
* :mod:`.templates` — finding the shipped and the union's templates, refusing unsafe files,
  checking every placeholder against :mod:`.fields` when a template is loaded;
* :mod:`.fill` — filling a template into a ``.docx`` and reading the result back as blocks of
  text (for the preview and the PDF in ``reports/letter_pdf.py``).

Nothing here touches the database: ``services/letters.py`` gathers the record and stores the
result; the GUI and the command line call that service.
"""
