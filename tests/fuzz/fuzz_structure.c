/*
 * fuzz_structure.c — libFuzzer target for the structure recogniser: any bytes
 * that are valid UTF-8 become a plain-text document (nl_doc_from_utf8, which
 * recognises), without the text loader's encoding detection in the way, and
 * the model is checked (fuzz_doc.h). Other bytes are rejected at once, so the
 * fuzzer soon keeps to UTF-8; structure.dict gives it the labels to combine.
 */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_doc.h"
#include "normlint/normlint.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    nl_doc *doc = NULL;
    nl_error err;
    if (nl_doc_from_utf8(&doc, "fuzz.txt", (const char *)data, size, &err) == NL_OK) {
        fuzz_check_doc(doc);
        nl_doc_free(doc);
    }
    return 0;
}
