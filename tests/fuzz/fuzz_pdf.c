/*
 * fuzz_pdf.c — libFuzzer target for the part of the PDF loader that
 * normlint wrote: reading pdftotext's -bbox XHTML and laying its words out
 * into paragraphs (pdfwords.c, pdflayout.c). pdftotext itself is poppler's
 * and not fuzzed here; its output is the input. The bytes are copied (the
 * reader blanks bad bytes in place), built into a document, recognised, and
 * the model is checked (fuzz_doc.h), with the page locator of every line.
 * Seeds: pdftotext's output of the corpus and test PDFs
 * (tests/fuzz/seeds/pdf/). Built by `make fuzz`; replayed by replay.c.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_doc.h"
#include "load/pdf.h"
#include "normlint/normlint.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *buf = malloc(size + 1);
    nl_doc *doc = NULL;
    nl_error err;
    if (!buf)
        return 0;
    memcpy(buf, data, size);
    buf[size] = '\0';
    if (nl_pdf_build(&doc, "fuzz.pdf", buf, size, NULL, &err) == NL_OK) {
        for (size_t i = 0; i < nl_doc_line_count(doc); i++) {
            size_t page = 0, line = 0;
            if (!nl_doc_page_at(doc, nl_doc_line(doc, i)->start, &page, &line) || page == 0 || line == 0)
                abort();
        }
        if (nl_doc_recognise(doc, &err) == NL_OK)
            fuzz_check_doc(doc);
        nl_doc_free(doc);
    }
    free(buf);
    return 0;
}
