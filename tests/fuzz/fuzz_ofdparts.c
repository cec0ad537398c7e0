/*
 * fuzz_ofdparts.c — libFuzzer target for the OFD loader past the ZIP layer
 * (as fuzz_office.c is for DOCX and ODT): mutating a real package mostly
 * breaks its CRCs, so the fuzz_ofd target rarely gets past libzip; here the
 * input holds the XML parts themselves and the target packs them into a
 * valid archive (nl_test_zip_build) before loading it as an OFD, then checks
 * the model (fuzz_doc.h).
 *
 * Input: the parts in the order of `parts`, separated by NUL bytes; an
 * empty or missing part is left out of the archive. The fixed names let the
 * fuzzer reach pages and templates through OFD.xml and Document.xml as a
 * producer writes them (the seeds in tests/fuzz/seeds/ofdparts/ do).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "fuzz_doc.h"
#include "fuzz_parts.h"
#include "load/loader.h"
#include "load/zip.h"
#include "support/zipbuild.h"
#include "normlint/normlint.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const parts[] = {"OFD.xml", "Doc_0/Document.xml", "Doc_0/Pages/Page_0/Content.xml",
                                    "Doc_0/Pages/Page_1/Content.xml", "Doc_0/Tpls/Tpl_0/Content.xml",
                                    "Doc_1/Document.xml"};
#define NPARTS (sizeof parts / sizeof parts[0])

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *zn[NPARTS], *zd[NPARTS];
    size_t zl[NPARTS];
    size_t n = fuzz_split_parts((const char *)data, size, 0, parts, NPARTS, zn, zd, zl, 0);
    unsigned char *zip = NULL;
    size_t ziplen = 0;
    nl_error err;
    if (nl_test_zip_build(zn, zd, zl, n, &zip, &ziplen, &err) != NL_OK)
        return 0;
    nl_doc *doc = NULL;
    if (nl_loader_ofd.load(&doc, "fuzz.ofd", zip, ziplen, NULL, &err) == NL_OK) {
        if (nl_doc_recognise(doc, &err) == NL_OK)
            fuzz_check_doc(doc);
        nl_doc_free(doc);
    }
    free(zip);
    return 0;
}
