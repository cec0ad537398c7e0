/*
 * props.c — Dublin Core properties of DOCX (docProps/core.xml) and ODT
 * (meta.xml) into nl_doc properties.
 */
#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"
#include "doc/build.h"
#include "load/props.h"
#include "load/xml.h"

static const struct {
    const char *name;
    nl_prop prop;
} names[] = {
    {"title", NL_PROP_TITLE},         {"creator", NL_PROP_CREATOR},   {"initial-creator", NL_PROP_CREATOR},
    {"created", NL_PROP_CREATED},     {"creation-date", NL_PROP_CREATED}, {"modified", NL_PROP_MODIFIED},
    {"date", NL_PROP_MODIFIED},
};

nl_status nl_load_props(nl_doc *doc, const char *part, const char *xml, size_t len, nl_error *err)
{
    nl_xml *x = NULL;
    if (nl_xml_open(&x, nl_doc_path(doc), part, xml, len, 0, 16, err) != NL_OK)
        return NL_OK;
    int cur = -1, depth = 0;
    nl_buf b = {0};
    nl_status st = NL_OK;
    nl_xml_event ev;
    while (st == NL_OK && (ev = nl_xml_next(x)) != NL_XML_EOF && ev != NL_XML_ERROR) {
        if (ev == NL_XML_START) {
            depth++;
            if (depth == 2) {
                cur = -1;
                b.n = 0;
                for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
                    if (strcmp(nl_xml_name(x), names[i].name) == 0)
                        cur = (int)names[i].prop;
            }
        } else if (ev == NL_XML_END) {
            if (depth == 2 && cur >= 0 && !nl_doc_property(doc, (nl_prop)cur)) {
                if (b.oom || nl_doc_set_property(doc, (nl_prop)cur, nl_buf_str(&b), b.n) != NL_OK)
                    st = nl_error_set(err, NL_ERR_NOMEM, nl_doc_path(doc), "out of memory");
            }
            if (depth == 2)
                cur = -1;
            depth--;
        } else if (ev == NL_XML_TEXT && depth == 2 && cur >= 0) {
            size_t n;
            const char *t = nl_xml_text(x, &n);
            nl_buf_put(&b, t, n);
        }
    }
    nl_buf_free(&b);
    nl_xml_free(x);
    return st;
}

nl_status nl_load_props_part(nl_doc *doc, nl_zip *z, const char *part, nl_error *err)
{
    char *xml = NULL;
    size_t len = 0;
    nl_status st = NL_OK;
    if (nl_zip_has(z, part) && nl_zip_read(z, part, &xml, &len, NULL) == NL_OK)
        st = nl_load_props(doc, part, xml, len, err);
    free(xml);
    return st;
}
