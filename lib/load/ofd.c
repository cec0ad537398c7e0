/*
 * ofd.c — the OFD loader: a package of GB/T 33190-2016 (the format of
 * electronic official documents, 电子公文) read through the ZIP and XML
 * wrappers, its pages' text placed into lines and paragraphs (layout.c).
 *
 * The package: OFD.xml at the root names each document (DocBody/DocRoot,
 * usually Doc_0/Document.xml); a document lists its pages in reading order
 * (Pages/Page@BaseLoc → the page's Content.xml) and its default page size
 * (CommonData/PageArea/PhysicalBox). A location is relative to the folder
 * of the part that names it, or to the package root when it starts with
 * "/"; producers also write root-relative paths without the slash, "./",
 * "..", backslashes and another letter case than the stored name, and all
 * of that is found. Several documents in one package are read one after
 * the other; a paragraph never runs from one into the next.
 *
 * What is body text: the text objects of the pages (ofdpage.c). What is
 * not: template pages (CommonData/TemplatePage — the page furniture a
 * producer repeats on every page: running headers and footers, watermarks,
 * the printed form behind an invoice or a licence; like the headers and
 * footers of a DOCX they are not read), annotations (Annotations, including
 * watermark annotations), signatures and seals (Signatures), attachments
 * (Attachments), custom tags, outlines and the document's metadata, which
 * only fills the file properties (DocInfo: Title, Author, CreationDate,
 * ModDate).
 *
 * Refused with the reason: a package without OFD.xml or a document it
 * names, a page missing from the package, an encrypted package (GM/T 0099:
 * Encryptions.xml, or encrypted ZIP members), more pages than the ZIP entry
 * limit allows (each page needs a part of its own, so more is a page bomb
 * reading one part over and over), and a package without any text (scanned
 * pages, which want OCR first). The ZIP limits (zip.h) bound what is
 * inflated; the XML nesting limit bounds nested page blocks.
 *
 * Locators: the model line of a paragraph has the document's Document.xml
 * as its part and the paragraph's ordinal in the package; its page marks say
 * page and printed line (nl_doc_page_at), pages counted from 1 across the
 * package.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/grow.h"
#include "core/strbuf.h"
#include "core/utf8.h"
#include "doc/build.h"
#include "load/loader.h"
#include "load/ofd.h"
#include "load/xml.h"
#include "load/zip.h"

#define MAX_LOC 1024 /* bytes of a location */
#define MAX_PARTS 64 /* components of a location */

typedef struct strlist {
    char **v;
    size_t n, cap;
} strlist;

static int strlist_push(strlist *l, const char *s, size_t n)
{
    if (nl_grow((void **)&l->v, &l->cap, l->n, sizeof *l->v, 8) != 0)
        return -1;
    char *c = malloc(n + 1);
    if (!c)
        return -1;
    memcpy(c, s, n);
    c[n] = '\0';
    l->v[l->n++] = c;
    return 0;
}

static void strlist_free(strlist *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
}

typedef struct ofd_state {
    const char *path;
    nl_zip *z;
    nl_doc *doc;
    nl_layout *lay;
    int depth;             /* XML nesting limit */
    size_t max_pages;      /* the ZIP entry limit */
    char dir[MAX_LOC];     /* folder of the document being read */
    double height;         /* its default page height, 0 when unknown */
    int in_pages;          /* reading its Pages */
} ofd_state;

/* ---- locations ---- */

/* `loc` resolved against folder `dir` ("" for the root; a loc starting
   with "/" or "\" is from the root) into buf: "." and empty components
   dropped, ".." taken back, "\" read as "/". 0 when it does not fit. */
static int resolve(const char *dir, const char *loc, char *buf, size_t size)
{
    char tmp[2 * MAX_LOC + 2];
    const char *part[MAX_PARTS];
    size_t plen[MAX_PARTS], n = 0;
    int rooted = loc[0] == '/' || loc[0] == '\\';
    if (snprintf(tmp, sizeof tmp, "%s/%s", rooted ? "" : dir, loc) >= (int)sizeof tmp)
        return 0;
    for (char *p = tmp; *p; p++)
        if (*p == '\\')
            *p = '/';
    for (const char *p = tmp; *p;) {
        const char *e = strchr(p, '/');
        size_t k = e ? (size_t)(e - p) : strlen(p);
        if (k == 2 && p[0] == '.' && p[1] == '.')
            n -= n > 0;
        else if (k && !(k == 1 && p[0] == '.')) {
            if (n == MAX_PARTS)
                return 0;
            part[n] = p;
            plen[n++] = k;
        }
        p += e ? k + 1 : k;
    }
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (o + plen[i] + 2 > size)
            return 0;
        if (i)
            buf[o++] = '/';
        memcpy(buf + o, part[i], plen[i]);
        o += plen[i];
    }
    buf[o] = '\0';
    return n > 0;
}

/* The stored name of the member `loc` names from folder `dir`: resolved
   there, else from the root; exactly, else ignoring case, else stored with
   a leading "/". NULL when the package has none. */
static const char *find_member(const ofd_state *s, const char *dir, const char *loc)
{
    char buf[MAX_LOC + 1];
    const char *found = NULL;
    for (int pass = 0; pass < 2 && !found; pass++) {
        if (!resolve(pass ? "" : dir, loc, buf + 1, sizeof buf - 1))
            continue;
        buf[0] = '/';
        found = nl_zip_find(s->z, buf + 1);
        if (!found)
            found = nl_zip_find(s->z, buf);
    }
    return found;
}

/* ---- OFD.xml and Document.xml ---- */

/* The text of the element that just started, read to its end into b
   (emptied first). NL_XML_END, or NL_XML_ERROR. */
static nl_xml_event element_text(nl_xml *x, nl_buf *b)
{
    b->n = 0;
    int depth = nl_xml_depth(x);
    for (;;) {
        nl_xml_event ev = nl_xml_next(x);
        if (ev == NL_XML_TEXT) {
            size_t n;
            const char *t = nl_xml_chars(x, &n);
            nl_buf_put(b, t, n);
        } else if (ev == NL_XML_EOF || ev == NL_XML_ERROR || (ev == NL_XML_END && nl_xml_depth(x) <= depth)) {
            return ev == NL_XML_EOF ? NL_XML_ERROR : ev;
        }
    }
}

/* b without white space at either end, NUL-terminated. */
static const char *trimmed(nl_buf *b, size_t *len)
{
    size_t a = 0, e = b->n;
    const char *p = nl_buf_str(b);
    while (a < e && (p[a] == ' ' || p[a] == '\t' || p[a] == '\n' || p[a] == '\r'))
        a++;
    while (e > a && (p[e - 1] == ' ' || p[e - 1] == '\t' || p[e - 1] == '\n' || p[e - 1] == '\r'))
        e--;
    if (b->p)
        b->p[e] = '\0';
    *len = e - a;
    return p + a;
}

static const struct {
    const char *name;
    nl_prop prop;
} docinfo[] = {{"Title", NL_PROP_TITLE},
               {"Author", NL_PROP_CREATOR},
               {"CreationDate", NL_PROP_CREATED},
               {"ModDate", NL_PROP_MODIFIED}};

/* What an element callback of read_index() returns besides 0. */
enum { E_NOMEM = -1, E_XML = -2, E_PAGES = -3 };

/* An element of OFD.xml starts: a DocRoot's location is kept, a DocInfo
   field becomes a file property (the first one given wins). */
static int entry_element(ofd_state *s, nl_xml *x, nl_xml_event ev, nl_buf *b, strlist *roots)
{
    if (ev != NL_XML_START)
        return 0;
    const char *name = nl_xml_name(x);
    int root = strcmp(name, "DocRoot") == 0, prop = -1;
    for (size_t i = 0; i < sizeof docinfo / sizeof docinfo[0]; i++)
        if (strcmp(name, docinfo[i].name) == 0 && !nl_doc_property(s->doc, docinfo[i].prop))
            prop = (int)docinfo[i].prop;
    if (!root && prop < 0)
        return 0;
    if (element_text(x, b) != NL_XML_END)
        return E_XML;
    size_t n;
    const char *t = trimmed(b, &n);
    if (root && n && strlist_push(roots, t, n) != 0)
        return E_NOMEM;
    if (prop >= 0 && n && nl_utf8_valid(t, n, NULL) && nl_doc_set_property(s->doc, (nl_prop)prop, t, n) != NL_OK)
        return E_NOMEM;
    return 0;
}

/* An element of Document.xml starts or ends: a page inside Pages (its
   location kept), or the document's PhysicalBox. */
static int document_element(ofd_state *s, nl_xml *x, nl_xml_event ev, nl_buf *b, strlist *pages)
{
    const char *name = nl_xml_name(x);
    if (strcmp(name, "Pages") == 0)
        s->in_pages = ev == NL_XML_START;
    else if (ev == NL_XML_START && s->in_pages && strcmp(name, "Page") == 0) {
        const char *loc = nl_xml_attr(x, NULL, "BaseLoc");
        if (pages->n >= s->max_pages)
            return E_PAGES;
        return strlist_push(pages, loc ? loc : "", loc ? strlen(loc) : 0) ? E_NOMEM : 0;
    } else if (ev == NL_XML_START && strcmp(name, "PhysicalBox") == 0 && !s->height) {
        double box[4];
        if (element_text(x, b) != NL_XML_END)
            return E_XML;
        size_t n;
        if (nl_ofd_box(trimmed(b, &n), box) && box[3] > 0)
            s->height = box[3];
    }
    return 0;
}

typedef int (*index_element)(ofd_state *s, nl_xml *x, nl_xml_event ev, nl_buf *b, strlist *out);

/* Read an index part (OFD.xml, a Document.xml): `element` is told of every
   element's start and end and collects locations into out, in order. */
static nl_status read_index(ofd_state *s, const char *part, const char *xml, size_t len, index_element element,
                            strlist *out, nl_error *err)
{
    nl_xml *x = NULL;
    nl_status st = nl_xml_open(&x, s->path, part, xml, len, 0, s->depth, err);
    if (st != NL_OK)
        return st;
    nl_buf b = {0};
    nl_xml_event ev;
    s->in_pages = 0;
    while (st == NL_OK && (ev = nl_xml_next(x)) != NL_XML_EOF) {
        int r = ev == NL_XML_START || ev == NL_XML_END ? element(s, x, ev, &b, out) : ev == NL_XML_ERROR ? E_XML : 0;
        if (r == E_XML)
            st = nl_xml_error(x, err);
        else if (r == E_PAGES)
            st = nl_error_set(err, NL_ERR_TOO_LARGE, s->path,
                              "%s lists more than %zu pages, the limit (a page needs a ZIP member of its own; "
                              "--limit zip-entries)", part, s->max_pages);
        else if (r == E_NOMEM || b.oom)
            st = nl_error_set(err, NL_ERR_NOMEM, s->path, "out of memory");
    }
    nl_buf_free(&b);
    nl_xml_free(x);
    return st;
}

/* ---- pages ---- */

/* Page `no` (1-based in its document) at location `loc`: read and placed. */
static nl_status read_page(ofd_state *s, const char *doc_part, size_t no, const char *loc, nl_error *err)
{
    const char *part = *loc ? find_member(s, s->dir, loc) : NULL;
    if (!part)
        return nl_error_set(err, NL_ERR_PARSE, s->path, "page %zu of %s (%s) is missing from the package", no,
                            doc_part, *loc ? loc : "no BaseLoc");
    char *xml = NULL;
    size_t len = 0;
    double height = s->height;
    nl_status st = nl_zip_read(s->z, part, &xml, &len, err);
    if (st == NL_OK)
        st = nl_ofd_read_page(s->lay, s->path, part, xml, len, s->depth, &height, err);
    if (st == NL_OK && nl_layout_end_page(s->lay, height) != NL_OK)
        st = nl_error_set(err, NL_ERR_NOMEM, s->path, "out of memory");
    free(xml);
    return st;
}

/* The document at location `loc` (from OFD.xml): its pages read in order. */
static nl_status read_doc(ofd_state *s, const char *loc, nl_error *err)
{
    const char *part = find_member(s, "", loc);
    if (!part)
        return nl_error_set(err, NL_ERR_PARSE, s->path, "OFD.xml names the document %s, which is not in the package",
                            loc);
    char *xml = NULL;
    size_t len = 0;
    strlist pages = {0};
    uint32_t idx;
    const char *slash = strrchr(part, '/');
    snprintf(s->dir, sizeof s->dir, "%.*s", slash ? (int)(slash - part) : 0, part);
    s->height = 0;
    nl_status st = nl_zip_read(s->z, part, &xml, &len, err);
    if (st == NL_OK)
        st = read_index(s, part, xml, len, document_element, &pages, err);
    if (st == NL_OK && (nl_doc_add_part(s->doc, part, &idx) != NL_OK || nl_layout_flush(s->lay, idx) != NL_OK))
        st = nl_error_set(err, NL_ERR_NOMEM, s->path, "out of memory");
    for (size_t i = 0; st == NL_OK && i < pages.n; i++)
        st = read_page(s, part, i + 1, pages.v[i], err);
    strlist_free(&pages);
    free(xml);
    return st;
}

/* ---- the loader ---- */

/* A ZIP header at byte i naming OFD.xml in any case (with a leading "/"
   too): a central directory entry, or with `local` a local file header. */
static int names_entry(const unsigned char *data, size_t len, size_t i, int local)
{
    size_t at = local ? 30 : 46, nlen = local ? 26 : 28; /* where the name and its length are */
    if (i + at > len || memcmp(data + i, local ? "PK\3\4" : "PK\1\2", 4) != 0)
        return 0;
    size_t n = (size_t)data[i + nlen] | (size_t)data[i + nlen + 1] << 8;
    const unsigned char *name = data + i + at;
    if (i + at + n > len)
        return 0;
    if (n && name[0] == '/')
        name++, n--;
    static const char want[] = "ofd.xml";
    if (n != sizeof want - 1)
        return 0;
    for (size_t k = 0; k < n; k++)
        if ((name[k] >= 'A' && name[k] <= 'Z' ? name[k] + 32 : name[k]) != (unsigned char)want[k])
            return 0;
    return 1;
}

/* Where the central directory starts, from the end record; 0 with *found
   0 when there is none (a truncated archive). */
static size_t central_directory(const unsigned char *data, size_t len, int *found)
{
    *found = 0;
    if (len < 22)
        return 0;
    for (size_t i = len - 22, stop = len > 65557 ? len - 65557 : 0;; i--) {
        if (memcmp(data + i, "PK\5\6", 4) == 0) {
            size_t off = (size_t)data[i + 16] | (size_t)data[i + 17] << 8 | (size_t)data[i + 18] << 16 |
                         (size_t)data[i + 19] << 24;
            *found = 1;
            return off < i ? off : 0;
        }
        if (i == stop)
            return 0;
    }
}

static int ofd_sniff(const unsigned char *data, size_t len, const char *path)
{
    (void)path;
    if (!nl_zip_magic(data, len))
        return 0;
    /* the names in the central directory decide, not bytes inside a member
       (a stored attachment); an archive cut before its directory is judged
       by its local headers, so that the OFD loader says it is truncated */
    int found;
    size_t from = central_directory(data, len, &found);
    for (const unsigned char *p = data + from; (p = memchr(p, 'P', len - (size_t)(p - data))) != NULL; p++)
        if (names_entry(data, len, (size_t)(p - data), !found))
            return 1;
    return 0;
}

/* Open the package and refuse what cannot be read as an OFD. */
static nl_status open_package(ofd_state *s, const unsigned char *data, size_t len, const nl_load_opts *opts,
                              nl_error *err)
{
    nl_zip_limits zl = {opts ? opts->zip_entries : 0, opts ? opts->zip_entry_size : 0,
                        opts ? opts->zip_total_size : 0, opts ? opts->zip_ratio : 0};
    nl_status st = nl_zip_open(&s->z, s->path, data, len, &zl, err);
    if (st != NL_OK)
        return st;
    if (find_member(s, "", "Encryptions.xml"))
        return nl_error_set(err, NL_ERR_UNSUPPORTED, s->path,
                            "unsupported: an encrypted OFD (Encryptions.xml, GM/T 0099); save a decrypted copy "
                            "with the reader that holds its password or certificate");
    if (!find_member(s, "", "OFD.xml"))
        return nl_error_set(err, NL_ERR_UNSUPPORTED, s->path, "is a ZIP archive without OFD.xml: not an OFD file");
    s->max_pages = zl.max_entries ? zl.max_entries : 10000;
    return nl_doc_new(&s->doc, s->path, "ofd", err);
}

static nl_status ofd_load(nl_doc **out, const char *path, const unsigned char *data, size_t len,
                          const nl_load_opts *opts, nl_error *err)
{
    ofd_state s;
    memset(&s, 0, sizeof s);
    s.path = path;
    s.depth = opts ? opts->xml_depth : 0;
    *out = NULL;
    strlist roots = {0};
    char *xml = NULL;
    size_t xlen = 0;
    nl_status st = open_package(&s, data, len, opts, err);
    const char *entry = st == NL_OK ? find_member(&s, "", "OFD.xml") : NULL;
    if (st == NL_OK && (st = nl_zip_read(s.z, entry, &xml, &xlen, err)) == NL_OK)
        st = read_index(&s, entry, xml, xlen, entry_element, &roots, err);
    if (st == NL_OK && !roots.n)
        st = nl_error_set(err, NL_ERR_PARSE, path, "%s names no document (DocBody/DocRoot)", entry);
    if (st == NL_OK && nl_layout_new(&s.lay, s.doc, 0) != NL_OK)
        st = nl_error_set(err, NL_ERR_NOMEM, path, "out of memory");
    for (size_t i = 0; st == NL_OK && i < roots.n; i++)
        st = read_doc(&s, roots.v[i], err);
    if (st == NL_OK && nl_layout_flush(s.lay, 0) != NL_OK)
        st = nl_error_set(err, NL_ERR_NOMEM, path, "out of memory");
    if (st == NL_OK && !nl_layout_pages(s.lay))
        st = nl_error_set(err, NL_ERR_PARSE, path, "has no pages (no Pages/Page in its documents)");
    else if (st == NL_OK && !nl_doc_line_count(s.doc))
        st = nl_error_set(err, NL_ERR_UNSUPPORTED, path,
                          "unsupported: an OFD without text on its %u page%s (scanned images?); normlint reads the "
                          "text of an OFD, not its pictures: run OCR on it first",
                          nl_layout_pages(s.lay), nl_layout_pages(s.lay) == 1 ? "" : "s");
    if (st == NL_OK) {
        *out = s.doc;
        s.doc = NULL;
    }
    free(xml);
    strlist_free(&roots);
    nl_layout_free(s.lay);
    nl_doc_free(s.doc);
    nl_zip_close(s.z);
    return st;
}

static const char *const ofd_extensions[] = {"ofd", NULL};

const nl_loader nl_loader_ofd = {"ofd", ofd_extensions, ofd_sniff, ofd_load};
