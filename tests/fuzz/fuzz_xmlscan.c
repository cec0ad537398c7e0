/*
 * fuzz_xmlscan.c — libFuzzer target comparing the two XML readers behind
 * nl_xml: the scanner (lib/load/xmlscan.c) and libxml2. Whenever both read
 * the input to its end, their events, names, namespaces, texts and probed
 * attribute values must be the same, and the scanner must never refuse what
 * libxml2 reads; either difference aborts. (The other way round is allowed:
 * the scanner checks some syntax less strictly, such as the characters
 * allowed in names, so libxml2 may refuse what the scanner reads.)
 *
 * Skipping (nl_xml_skip) must change no verdict: the scanner skipping every
 * element at a given depth, with and without a keep function, reaches the end
 * exactly when reading every event does, with the same message otherwise.
 */
#include <stdint.h>
#include <stdlib.h>

#include "../unit/xml_trace.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* keep the elements named t or p (a loader's texts and paragraphs) */
static int keep_tp(void *ud, const char *ns, const char *name, size_t len)
{
    (void)ud;
    (void)ns;
    return len == 1 && (name[0] == 't' || name[0] == 'p');
}

/* The scanner's verdict when every element starting at `depth` is skipped. */
static int skip_verdict(const char *data, size_t size, int depth, nl_xml_keep keep, char *err, size_t errlen)
{
    nl_xml *x = NULL;
    nl_error e;
    if (nl_xml_open(&x, "t", "the part", data, size, NL_XML_XML, 64, &e) != NL_OK)
        return -1;
    nl_xml_event ev;
    while ((ev = nl_xml_next(x)) != NL_XML_EOF && ev != NL_XML_ERROR)
        if (ev == NL_XML_START && nl_xml_depth(x) == depth && nl_xml_skip(x, keep, NULL) == NL_XML_ERROR) {
            ev = NL_XML_ERROR;
            break;
        }
    err[0] = '\0';
    if (ev == NL_XML_ERROR) {
        nl_xml_error(x, &e);
        snprintf(err, errlen, "%s (line %lu)", e.message, e.line);
    }
    nl_xml_free(x);
    return (int)ev;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    nl_buf a = {0}, b = {0};
    char ea[600], eb[600];
    int fa = xml_trace((const char *)data, size, NL_XML_XML, 64, &a, ea, sizeof ea);
    int fb = xml_trace((const char *)data, size, NL_XML_LIBXML2, 64, &b, eb, sizeof eb);
    if (fa < 0 || fb < 0)
        abort();
    /* the one refusal of the scanner's own that libxml2 does not share */
    if (fa == NL_XML_ERROR && fb == NL_XML_EOF && !strstr(ea, "more than 4096 attributes")) {
        fprintf(stderr, "the scanner refused what libxml2 read: %s\n", ea);
        abort();
    }
    if (fa == NL_XML_EOF && fb == NL_XML_EOF && (a.n != b.n || (a.n && memcmp(a.p, b.p, a.n) != 0))) {
        fprintf(stderr, "scanner:\n%.*s\nlibxml2:\n%.*s\n", (int)a.n, a.p ? a.p : "", (int)b.n, b.p ? b.p : "");
        abort();
    }
    for (int depth = 1; depth <= 3; depth++)
        for (int k = 0; k < 2; k++) {
            char es[600];
            int fs = skip_verdict((const char *)data, size, depth, k ? keep_tp : NULL, es, sizeof es);
            if (fs != fa || strcmp(es, ea) != 0) {
                fprintf(stderr, "skipping at depth %d (keep %d) changed the verdict: %s / %s\n", depth, k, es, ea);
                abort();
            }
        }
    free(a.p);
    free(b.p);
    return 0;
}
