/*
 * fuzz_office.c — libFuzzer target for the DOCX and ODT loaders past the ZIP
 * layer. Mutating a real archive mostly breaks its CRCs, so the fuzz_docx and
 * fuzz_odt targets rarely get past libzip; here the input holds the XML parts
 * themselves and the target packs them into a valid archive (nl_test_zip_build)
 * before loading it as a DOCX or an ODT.
 *
 * Input: one byte choosing the format (bit 0 clear: DOCX, set: ODT) and the
 * reading (bit 1 set: the original text before tracked changes; notes are
 * always read), then the parts in the order of `docx_parts` / `odt_parts`,
 * separated by NUL bytes; an empty or missing part is left out of the
 * archive.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_doc.h"
#include "load/loader.h"
#include "load/zip.h"
#include "support/zipbuild.h"
#include "normlint/normlint.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const docx_parts[] = {"word/document.xml", "word/numbering.xml", "word/styles.xml",
                                         "word/comments.xml", "docProps/core.xml", "word/footnotes.xml",
                                         "word/endnotes.xml"};
static const char *const odt_parts[] = {"content.xml", "styles.xml", "meta.xml"};
#define MAX_PARTS 8
static const char docx_types[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
    "<Override PartName=\"/word/document.xml\" "
    "ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    int odt = data[0] & 1;
    const char *const *names = odt ? odt_parts : docx_parts;
    size_t nnames = odt ? sizeof odt_parts / sizeof *odt_parts : sizeof docx_parts / sizeof *docx_parts;
    const char *zn[MAX_PARTS], *zd[MAX_PARTS];
    size_t zl[MAX_PARTS], n = 0;
    /* the member that makes the archive what it is, fixed */
    zn[n] = odt ? "mimetype" : "[Content_Types].xml";
    zd[n] = odt ? "application/vnd.oasis.opendocument.text" : docx_types;
    zl[n] = strlen(zd[n]);
    n++;
    const char *in = (const char *)data;
    for (size_t k = 0, pos = 1; k < nnames && pos <= size; k++) {
        const char *nul = memchr(in + pos, '\0', size - pos);
        size_t len = nul ? (size_t)(nul - (in + pos)) : size - pos;
        if (len) {
            zn[n] = names[k];
            zd[n] = in + pos;
            zl[n++] = len;
        }
        pos += len + 1;
    }
    unsigned char *zip = NULL;
    size_t ziplen = 0;
    nl_error err;
    if (nl_test_zip_build(zn, zd, zl, n, &zip, &ziplen, &err) != NL_OK)
        return 0;
    const nl_loader *loader = odt ? &nl_loader_odt : &nl_loader_docx;
    nl_doc *doc = NULL;
    nl_load_opts opts = {.revisions_original = (data[0] >> 1) & 1, .notes = 1};
    if (loader->load(&doc, odt ? "fuzz.odt" : "fuzz.docx", zip, ziplen, &opts, &err) == NL_OK) {
        if (nl_doc_recognise(doc, &err) == NL_OK)
            fuzz_check_doc(doc);
        nl_doc_free(doc);
    }
    free(zip);
    return 0;
}
