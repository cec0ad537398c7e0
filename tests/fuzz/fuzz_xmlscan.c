/*
 * fuzz_xmlscan.c — libFuzzer target comparing the two XML readers behind
 * nl_xml: the scanner (lib/load/xmlscan.c) and libxml2. Whenever both read
 * the input to its end, their events, names, namespaces, texts and probed
 * attribute values must be the same, and the scanner must never refuse what
 * libxml2 reads; either difference aborts. (The other way round is allowed:
 * the scanner checks some syntax less strictly, such as the characters
 * allowed in names, so libxml2 may refuse what the scanner reads.)
 */
#include <stdint.h>
#include <stdlib.h>

#include "../unit/xml_trace.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

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
    free(a.p);
    free(b.p);
    return 0;
}
