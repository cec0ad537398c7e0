/*
 * fuzz_loader.c — libFuzzer target for one loader, chosen at compile time
 * with -DLOADER=nl_loader_docx (text, docx, odt, xml, html): the bytes go
 * straight to the loader, then the structure recogniser runs over the result.
 * Built and run by `make fuzz`.
 */
#include <stddef.h>
#include <stdint.h>

#include "load/loader.h"
#include "normlint/normlint.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    nl_doc *doc = NULL;
    nl_error err;
    if (LOADER.load(&doc, "fuzz", data, size, NULL, &err) == NL_OK) {
        nl_doc_recognise(doc, &err);
        nl_doc_free(doc);
    }
    return 0;
}
