/*
 * fuzz_loader.c — libFuzzer target for one loader, chosen at compile time
 * with -DLOADER=nl_loader_docx (text, docx, odt, xml, html): the bytes go
 * straight to the loader as they would from nl_load_memory() (a DOCX or ODT
 * is opened as an in-memory ZIP; text goes through encoding detection), then
 * the structure recogniser runs over the result and the model is checked
 * (fuzz_doc.h). Built by `make fuzz`; replayed without libFuzzer by replay.c.
 */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_doc.h"
#include "load/loader.h"
#include "normlint/normlint.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    nl_doc *doc = NULL;
    nl_error err;
    if (LOADER.load(&doc, "fuzz", data, size, NULL, &err) == NL_OK) {
        if (nl_doc_recognise(doc, &err) == NL_OK)
            fuzz_check_doc(doc);
        nl_doc_free(doc);
    }
    return 0;
}
