/*
 * odt.c — the ODT loader: content.xml of an OpenDocument text, one model line
 * per text:p / text:h in document order (also inside tables, frames and
 * lists).
 * - spans are joined; text:s is its count of spaces, text:tab a tab,
 *   text:line-break a line break inside the paragraph (NL_LINE_SEPARATOR: a
 *   line of the model is a paragraph);
 * - list numbering is rendered from the document's list styles
 *   (text:list-level-style-number: num-format, prefix, suffix, start value,
 *   display-levels), counting per list style and level, continuing where a
 *   list says so;
 * - tracked changes: the current text is read and text:tracked-changes (which
 *   holds deleted text) is not; with revisions=original the reverse: text
 *   between the text:change-start and text:change-end of an insertion is
 *   left out (an inserted paragraph break joins the paragraphs it split)
 *   and a deletion's paragraphs come back where its text:change stands;
 * - notes (text:note), annotations and the table of contents' cached text are
 *   not body text; notes are read when asked for (nl_load_opts.notes): each
 *   of their paragraphs a line after the body, footnotes before endnotes;
 * - a table cell's paragraphs know their row (nl_line.row);
 * Each line's locator is the part content.xml and the paragraph ordinal.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/grow.h"
#include "core/strbuf.h"
#include "core/utf8.h"
#include "doc/build.h"
#include "load/loader.h"
#include "load/numfmt.h"
#include "load/props.h"
#include "load/xml.h"
#include "load/zip.h"

#define TEXT_NS "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
#define STYLE_NS "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
#define OFFICE_NS "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
#define XML_NS "http://www.w3.org/XML/1998/namespace"
#define TABLE_NS "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
#define LEVELS 10
#define MAX_STYLES 2048

typedef struct lvlstyle {
    nl_numfmt fmt;
    char prefix[32], suffix[32];
    long start;
    int display; /* levels shown: 3 renders 1.2.3 */
    const char *follow; /* after the label: "\t", " " or "" */
    int numbered;
} lvlstyle;

typedef struct liststyle {
    char name[96];
    lvlstyle lv[LEVELS];
    long count[LEVELS];
} liststyle;

enum { CH_OTHER, CH_INSERTION, CH_DELETION };
#define MAX_CHANGES 4096

/* A changed region of text:tracked-changes, kept to read the original */
typedef struct change {
    char id[64];
    int kind;
    int paras;      /* a deletion's paragraphs so far */
    nl_buf deleted; /* a deletion's paragraphs, separated by "\n" */
} change;

typedef struct odt_state {
    nl_doc *doc;
    uint32_t part, ordinal;
    liststyle *styles;
    size_t nstyles, styles_cap;
    /* reading list styles */
    liststyle *cur_style;
    int cur_level;
    /* open lists: the style each uses, innermost last */
    int list_style[32];
    int list_depth;
    int item_fresh; /* the next paragraph is the first of a list item */
    /* paragraphs */
    nl_buf para[16];
    unsigned char para_title[16]; /* the paragraph is styled as the title */
    int para_depth;
    char title_styles[32][96]; /* paragraph styles that are Title or derive from it */
    int ntitle_styles;
    int skip; /* inside notes, annotations, TOC cache */
    int xml_depth;
    int oom;
    /* tracked changes */
    int original;    /* revisions=original */
    int tracked;     /* inside text:tracked-changes */
    change *changes; /* kept only when reading the original */
    size_t nchanges, changes_cap;
    int ch_para;     /* depth of text:p/h inside the deletion being read */
    int ch_info;     /* inside office:change-info (author, date, comment) */
    int inserted;    /* inside an insertion in the body: not the original's text */
    int join_next;   /* an inserted paragraph break: the next paragraph joins the last line */
    /* footnotes and endnotes (nl_load_opts.notes): their paragraphs, kept for after the body */
    int notes;
    int note_body;   /* inside a text:note-body */
    int endnote;     /* the open note is an endnote */
    nl_buf *kept;    /* the notes' paragraphs, in order */
    unsigned char *kept_end; /* 1: the paragraph is an endnote's */
    size_t nkept, kept_cap, kept_end_cap;
} odt_state;

static int is_ns(const nl_xml *x, const char *ns) { return strcmp(nl_xml_ns(x), ns) == 0; }

static const char *ooxml_of(const char *odf)
{
    /* ODF num-format values onto the shared set */
    if (!odf || !*odf)
        return "none";
    if (strcmp(odf, "1") == 0)
        return "decimal";
    if (strcmp(odf, "a") == 0)
        return "lowerLetter";
    if (strcmp(odf, "A") == 0)
        return "upperLetter";
    if (strcmp(odf, "i") == 0)
        return "lowerRoman";
    if (strcmp(odf, "I") == 0)
        return "upperRoman";
    if (strcmp(odf, "一, 二, 三, ...") == 0 || strstr(odf, "一"))
        return "chineseCounting";
    if (strstr(odf, "壹"))
        return "chineseLegalSimplified";
    if (strstr(odf, "甲"))
        return "ideographTraditional";
    if (strstr(odf, "①"))
        return "decimalEnclosedCircle";
    if (strstr(odf, "１"))
        return "decimalFullWidth";
    return "decimal";
}

static long to_long(const char *s, long dflt)
{
    if (!s || !*s)
        return dflt;
    char *end;
    long v = strtol(s, &end, 10);
    return *end ? dflt : v;
}

static int find_style(const odt_state *s, const char *name)
{
    for (size_t i = 0; name && i < s->nstyles; i++)
        if (strcmp(s->styles[i].name, name) == 0)
            return (int)i;
    return -1;
}

/* 1 when paragraph style `name` is the title's (Title, or derived from it) */
static int title_style(const odt_state *s, const char *name)
{
    if (!name)
        return 0;
    if (strcmp(name, "Title") == 0)
        return 1;
    for (int i = 0; i < s->ntitle_styles; i++)
        if (strcmp(s->title_styles[i], name) == 0)
            return 1;
    return 0;
}

static void style_start(odt_state *s, nl_xml *x, const char *name)
{
    if (strcmp(name, "style") == 0 && is_ns(x, STYLE_NS) && s->ntitle_styles < 32) {
        /* (an attribute's value lasts until the next is asked for) */
        const char *family = nl_xml_attr(x, STYLE_NS, "family");
        if (!family || strcmp(family, "paragraph") != 0 || !title_style(s, nl_xml_attr(x, STYLE_NS, "parent-style-name")))
            return;
        const char *own = nl_xml_attr(x, STYLE_NS, "name");
        if (own)
            snprintf(s->title_styles[s->ntitle_styles++], sizeof s->title_styles[0], "%s", own);
    } else if (strcmp(name, "list-style") == 0 && is_ns(x, TEXT_NS) && s->nstyles < MAX_STYLES) {
        if (nl_grow((void **)&s->styles, &s->styles_cap, s->nstyles, sizeof *s->styles, 8) != 0) {
            s->oom = 1;
            return;
        }
        s->cur_style = &s->styles[s->nstyles++];
        memset(s->cur_style, 0, sizeof *s->cur_style);
        const char *v = nl_xml_attr(x, STYLE_NS, "name");
        snprintf(s->cur_style->name, sizeof s->cur_style->name, "%s", v ? v : "");
    } else if (s->cur_style && is_ns(x, TEXT_NS) &&
               (strcmp(name, "list-level-style-number") == 0 || strcmp(name, "list-level-style-bullet") == 0)) {
        long l = to_long(nl_xml_attr(x, TEXT_NS, "level"), 1) - 1;
        s->cur_level = l >= 0 && l < LEVELS ? (int)l : -1;
        if (s->cur_level < 0)
            return;
        lvlstyle *lv = &s->cur_style->lv[s->cur_level];
        lv->numbered = strcmp(name, "list-level-style-number") == 0;
        lv->fmt = lv->numbered ? nl_numfmt_parse(ooxml_of(nl_xml_attr(x, STYLE_NS, "num-format"))) : NL_NUMFMT_NONE;
        const char *p = nl_xml_attr(x, STYLE_NS, "num-prefix");
        snprintf(lv->prefix, sizeof lv->prefix, "%s", p ? p : "");
        p = nl_xml_attr(x, STYLE_NS, "num-suffix");
        snprintf(lv->suffix, sizeof lv->suffix, "%s", p ? p : "");
        lv->start = to_long(nl_xml_attr(x, TEXT_NS, "start-value"), 1);
        lv->display = (int)to_long(nl_xml_attr(x, TEXT_NS, "display-levels"), 1);
        lv->follow = "\t";
    } else if (s->cur_style && s->cur_level >= 0 && is_ns(x, STYLE_NS) &&
               strcmp(name, "list-level-label-alignment") == 0) {
        const char *f = nl_xml_attr(x, TEXT_NS, "label-followed-by");
        lvlstyle *lv = &s->cur_style->lv[s->cur_level];
        lv->follow = !f || strcmp(f, "listtab") == 0 ? "\t" : strcmp(f, "space") == 0 ? " " : "";
    }
}

/* The label of the first paragraph of a list item at the current depth. */
static void render_item(odt_state *s, nl_buf *out)
{
    if (s->list_depth <= 0)
        return;
    int si = s->list_style[s->list_depth - 1];
    if (si < 0)
        return;
    liststyle *ls = &s->styles[si];
    int level = s->list_depth - 1 < LEVELS ? s->list_depth - 1 : LEVELS - 1;
    lvlstyle *lv = &ls->lv[level];
    ls->count[level] = ls->count[level] ? ls->count[level] + 1 : lv->start;
    for (int l = level + 1; l < LEVELS; l++)
        ls->count[l] = 0;
    if (!lv->numbered || lv->fmt == NL_NUMFMT_NONE)
        return;
    nl_buf_puts(out, lv->prefix);
    int from = level - (lv->display > 0 ? lv->display : 1) + 1;
    if (from < 0)
        from = 0;
    for (int l = from; l <= level; l++) {
        char tmp[64];
        nl_numfmt_render(ls->lv[l].numbered ? ls->lv[l].fmt : lv->fmt, ls->count[l] ? ls->count[l] : ls->lv[l].start,
                         tmp, sizeof tmp);
        if (l > from)
            nl_buf_puts(out, ".");
        nl_buf_puts(out, tmp);
    }
    nl_buf_puts(out, lv->suffix);
    nl_buf_puts(out, lv->follow ? lv->follow : "\t");
}

/* Paragraph text b becomes a line of the model (or the end of the last one
   when an inserted paragraph break is undone). */
static nl_status emit_line(odt_state *s, nl_buf *b, nl_error *err)
{
    s->ordinal++;
    nl_status st = NL_OK;
    if (b->oom)
        st = nl_error_set(err, NL_ERR_NOMEM, nl_doc_path(s->doc), "out of memory");
    else if (!nl_utf8_valid(nl_buf_str(b), b->n, NULL))
        st = nl_error_set(err, NL_ERR_ENCODING, nl_doc_path(s->doc), "content.xml paragraph %u is not valid UTF-8",
                          s->ordinal);
    else if (s->join_next && nl_doc_line_count(s->doc) > 0)
        st = nl_doc_extend_line(s->doc, nl_buf_str(b), b->n);
    else
        st = nl_doc_append_line(s->doc, nl_buf_str(b), b->n, s->part, s->ordinal);
    s->join_next = s->inserted > 0; /* this paragraph's break was inserted */
    return st;
}

/* A paragraph of a note: kept (moved) to come after the body */
static void keep_note(odt_state *s, nl_buf *b)
{
    if (nl_grow((void **)&s->kept, &s->kept_cap, s->nkept, sizeof *s->kept, 16) != 0 ||
        nl_grow((void **)&s->kept_end, &s->kept_end_cap, s->nkept, 1, 16) != 0) {
        s->oom = 1;
        nl_buf_free(b);
        return;
    }
    s->kept_end[s->nkept] = (unsigned char)s->endnote;
    s->kept[s->nkept++] = *b;
}

static nl_status end_para(odt_state *s, nl_error *err)
{
    nl_buf *b = &s->para[--s->para_depth];
    if (s->note_body) {
        keep_note(s, b);
        return NL_OK;
    }
    if (s->para_title[s->para_depth] && b->n && !b->oom && !nl_doc_property(s->doc, NL_PROP_TITLE_STYLE) &&
        nl_utf8_valid(nl_buf_str(b), b->n, NULL) &&
        nl_doc_set_property(s->doc, NL_PROP_TITLE_STYLE, nl_buf_str(b), b->n) != NL_OK)
        b->oom = 1;
    nl_status st = emit_line(s, b, err);
    nl_buf_free(b);
    return st;
}

/* text:s, text:tab and text:line-break into b: 1, or 0 for another element */
static int put_space(nl_buf *b, nl_xml *x, const char *name)
{
    if (strcmp(name, "s") == 0) {
        long c = to_long(nl_xml_attr(x, TEXT_NS, "c"), 1);
        for (long i = 0; i < c && i < 1000; i++)
            nl_buf_puts(b, " ");
    } else if (strcmp(name, "tab") == 0) {
        nl_buf_puts(b, "\t");
    } else if (strcmp(name, "line-break") == 0) {
        nl_buf_puts(b, NL_LINE_SEPARATOR_UTF8);
    } else {
        return 0;
    }
    return 1;
}

static change *find_change(odt_state *s, const char *id)
{
    for (size_t i = 0; id && i < s->nchanges; i++)
        if (strcmp(s->changes[i].id, id) == 0)
            return &s->changes[i];
    return NULL;
}

static void new_change(odt_state *s, nl_xml *x)
{
    if (s->nchanges == MAX_CHANGES ||
        nl_grow((void **)&s->changes, &s->changes_cap, s->nchanges, sizeof *s->changes, 16) != 0) {
        s->oom |= s->nchanges != MAX_CHANGES;
        return;
    }
    change *c = &s->changes[s->nchanges++];
    memset(c, 0, sizeof *c);
    const char *id = nl_xml_attr(x, TEXT_NS, "id");
    if (!id)
        id = nl_xml_attr(x, XML_NS, "id");
    snprintf(c->id, sizeof c->id, "%s", id ? id : "");
}

/* An event inside text:tracked-changes: its regions are kept, with the text
   of deletions, when the original is read. */
static void tracked_event(odt_state *s, nl_xml *x, nl_xml_event ev, const char *name, int text_ns, int office_ns)
{
    change *c = s->nchanges ? &s->changes[s->nchanges - 1] : NULL;
    int para = text_ns && (strcmp(name, "p") == 0 || strcmp(name, "h") == 0);
    if (ev == NL_XML_START && office_ns && strcmp(name, "change-info") == 0) {
        s->ch_info++;
    } else if (ev == NL_XML_END && office_ns && strcmp(name, "change-info") == 0) {
        s->ch_info -= s->ch_info > 0;
    } else if (s->ch_info) {
        return; /* author, date and a comment */
    } else if (ev == NL_XML_START && text_ns && strcmp(name, "changed-region") == 0) {
        new_change(s, x);
        s->ch_para = 0;
    } else if (!c) {
        return;
    } else if (ev == NL_XML_START && text_ns && strcmp(name, "insertion") == 0) {
        c->kind = CH_INSERTION;
    } else if (ev == NL_XML_START && text_ns && strcmp(name, "deletion") == 0) {
        c->kind = CH_DELETION;
    } else if (c->kind != CH_DELETION) {
        return;
    } else if (ev == NL_XML_START && para) {
        if (c->paras++ > 0) /* a deleted paragraph break (a break alone: two empty paragraphs) */
            nl_buf_puts(&c->deleted, "\n");
        s->ch_para++;
    } else if (ev == NL_XML_END && para) {
        s->ch_para -= s->ch_para > 0;
    } else if (ev == NL_XML_START && text_ns && s->ch_para) {
        put_space(&c->deleted, x, name);
    } else if (ev == NL_XML_TEXT && s->ch_para) {
        size_t n;
        const char *t = nl_xml_text(x, &n);
        nl_buf_put(&c->deleted, t, n);
    }
}

/* The original's text of deletion c where its text:change stands: its first
   paragraph continues the current one, each further one begins a new line. */
static nl_status restore_deletion(odt_state *s, const change *c, nl_error *err)
{
    const char *t = nl_buf_str(&c->deleted);
    size_t n = c->deleted.n;
    int in_para = s->para_depth > 0 && s->para_depth <= 16;
    nl_buf own = {0};
    nl_buf *cur = in_para ? &s->para[s->para_depth - 1] : &own;
    nl_status st = NL_OK;
    for (size_t a = 0; st == NL_OK;) {
        const char *nl = memchr(t + a, '\n', n - a);
        size_t e = nl ? (size_t)(nl - t) : n;
        nl_buf_put(cur, t + a, e - a);
        if (!nl && in_para)
            break;
        st = emit_line(s, cur, err); /* a paragraph break of the original */
        nl_buf_free(cur);
        memset(cur, 0, sizeof *cur);
        if (!nl)
            break;
        a = e + 1;
    }
    return st;
}

/* A text: element of the body that marks a tracked change, when the
   original is read: an insertion's text is left out, a deletion's put back. */
static nl_status body_change(odt_state *s, nl_xml *x, const char *name, nl_error *err)
{
    change *c = find_change(s, nl_xml_attr(x, TEXT_NS, "change-id"));
    if (!c)
        return NL_OK;
    if (strcmp(name, "change-start") == 0 && c->kind == CH_INSERTION)
        s->inserted++;
    else if (strcmp(name, "change-end") == 0 && c->kind == CH_INSERTION && s->inserted > 0)
        s->inserted--;
    else if (strcmp(name, "change") == 0 && c->kind == CH_DELETION)
        return restore_deletion(s, c, err);
    return NL_OK;
}

static const char *const skipped[] = {"note-citation", "annotation", "table-of-content-source",
                                      "index-title-template", "alphabetical-index-source"};

static int is_skipped(const char *name)
{
    if (strcmp(name, "note") == 0)
        return 1; /* unless notes are read: see note_event() */
    for (size_t i = 0; i < sizeof skipped / sizeof skipped[0]; i++)
        if (strcmp(name, skipped[i]) == 0)
            return 1;
    return 0;
}

/* A text:list opens: the list style it uses (its own, else its parent
   list's), whose counts restart at an outermost list unless it continues
   the numbering. */
static void list_start(odt_state *s, nl_xml *x)
{
    int si = find_style(s, nl_xml_attr(x, TEXT_NS, "style-name"));
    if (si < 0 && s->list_depth > 0)
        si = s->list_style[s->list_depth - 1];
    if (si >= 0 && s->list_depth == 0) {
        const char *cont = nl_xml_attr(x, TEXT_NS, "continue-numbering");
        int continues = (cont && strcmp(cont, "true") == 0) || nl_xml_attr(x, TEXT_NS, "continue-list") != NULL;
        if (!continues)
            memset(s->styles[si].count, 0, sizeof s->styles[si].count);
    }
    if (s->list_depth < 32)
        s->list_style[s->list_depth] = si;
    s->list_depth++;
}

/* A text: element opens in the body (outside skipped content): a paragraph
   (with its list label when it is an item's first), a list, a list item, or
   the spaces, tab and line break within a paragraph. */
static void body_start(odt_state *s, nl_xml *x, const char *name)
{
    nl_buf *b = s->para_depth > 0 && s->para_depth <= 16 ? &s->para[s->para_depth - 1] : NULL;
    if (strcmp(name, "p") == 0 || strcmp(name, "h") == 0) {
        if (s->para_depth < 16) {
            memset(&s->para[s->para_depth], 0, sizeof s->para[0]);
            s->para_title[s->para_depth] = title_style(s, nl_xml_attr(x, TEXT_NS, "style-name"));
        }
        s->para_depth++;
        if (s->para_depth <= 16 && s->item_fresh) {
            render_item(s, &s->para[s->para_depth - 1]);
            s->item_fresh = 0;
        }
    } else if (strcmp(name, "list") == 0) {
        list_start(s, x);
    } else if (strcmp(name, "list-item") == 0 || strcmp(name, "list-header") == 0) {
        s->item_fresh = strcmp(name, "list-item") == 0;
    } else if (b && !s->inserted) {
        put_space(b, x, name);
    }
}

/* A text: element closes in the body: a paragraph becomes a line (one
   nested too deep is dropped), a list closes. The status of the line. */
static nl_status body_end(odt_state *s, const char *name, nl_error *err)
{
    if ((strcmp(name, "p") == 0 || strcmp(name, "h") == 0) && s->para_depth > 0) {
        if (s->para_depth > 16)
            s->para_depth--;
        else
            return end_para(s, err);
    } else if (strcmp(name, "list") == 0 && s->list_depth > 0) {
        s->list_depth--;
    }
    return NL_OK;
}

/* With notes read: a text:note and its body are taken here (1), their
   paragraphs kept for after the body; the citation stays skipped. */
static int note_event(odt_state *s, nl_xml *x, nl_xml_event ev, const char *name)
{
    if (s->skip)
        return 0;
    if (strcmp(name, "note") == 0) {
        if (ev == NL_XML_START) {
            const char *cls = nl_xml_attr(x, TEXT_NS, "note-class");
            s->endnote = cls && strcmp(cls, "endnote") == 0;
        }
        return 1;
    }
    if (strcmp(name, "note-body") == 0) {
        if (ev == NL_XML_START)
            s->note_body++;
        else if (s->note_body > 0)
            s->note_body--;
        return 1;
    }
    return 0;
}

/* The kept notes after the body: footnotes, then endnotes, each paragraph a
   line of its own part (content.xml#footnotes, content.xml#endnotes). */
static nl_status emit_notes(odt_state *s, nl_error *err)
{
    nl_status st = NL_OK;
    for (int end = 0; end <= 1 && st == NL_OK; end++) {
        uint32_t part = 0;
        int added = 0;
        s->ordinal = 0;
        s->join_next = 0;
        for (size_t i = 0; i < s->nkept && st == NL_OK; i++) {
            if (s->kept_end[i] != end || s->kept[i].n == 0)
                continue;
            if (!added) {
                nl_doc_begin_notes(s->doc);
                if (nl_doc_add_part(s->doc, end ? "content.xml#endnotes" : "content.xml#footnotes", &part) != NL_OK)
                    return nl_error_set(err, NL_ERR_NOMEM, nl_doc_path(s->doc), "out of memory");
                s->part = part;
                added = 1;
            }
            st = emit_line(s, &s->kept[i], err);
        }
    }
    return st;
}

static nl_status read_content(odt_state *s, const char *xml, size_t len, nl_error *err)
{
    nl_xml *x = NULL;
    nl_status st = nl_xml_open(&x, nl_doc_path(s->doc), "content.xml", xml, len, 0, s->xml_depth, err);
    if (st != NL_OK)
        return st;
    int in_body = 0, in_styles = 0;
    nl_xml_event ev;
    while (st == NL_OK && (ev = nl_xml_next(x)) != NL_XML_EOF) {
        if (ev == NL_XML_ERROR) {
            st = nl_xml_error(x, err);
            break;
        }
        const char *name = ev == NL_XML_TEXT ? "" : nl_xml_name(x);
        int text_ns = ev != NL_XML_TEXT && is_ns(x, TEXT_NS);
        int office_ns = ev != NL_XML_TEXT && is_ns(x, OFFICE_NS);
        if (s->tracked) {
            if (ev == NL_XML_END && text_ns && strcmp(name, "tracked-changes") == 0)
                s->tracked = 0;
            else if (s->original)
                tracked_event(s, x, ev, name, text_ns, office_ns);
            continue;
        }
        if (ev == NL_XML_START && text_ns && strcmp(name, "tracked-changes") == 0) {
            s->tracked = 1;
            continue;
        }
        if (in_body && !s->skip && ev != NL_XML_TEXT && strcmp(name, "table-row") == 0 && is_ns(x, TABLE_NS)) {
            if (ev == NL_XML_START) /* its cells' paragraphs are a row of the model */
                nl_doc_begin_row(s->doc);
            else
                nl_doc_end_row(s->doc);
            continue;
        }
        if (s->notes && in_body && text_ns && ev != NL_XML_TEXT && note_event(s, x, ev, name))
            continue;
        if (ev == NL_XML_START && in_body && !s->skip && text_ns && s->original &&
            (strcmp(name, "change-start") == 0 || strcmp(name, "change-end") == 0 || strcmp(name, "change") == 0)) {
            st = body_change(s, x, name, err);
            continue;
        }
        if (ev == NL_XML_START) {
            if (office_ns && (strcmp(name, "automatic-styles") == 0 || strcmp(name, "styles") == 0))
                in_styles = 1;
            else if (office_ns && strcmp(name, "text") == 0)
                in_body = 1;
            else if ((text_ns || office_ns) && is_skipped(name))
                s->skip++;
            if (in_styles)
                style_start(s, x, name);
            else if (in_body && !s->skip && text_ns)
                body_start(s, x, name);
        } else if (ev == NL_XML_END) {
            if (office_ns && (strcmp(name, "automatic-styles") == 0 || strcmp(name, "styles") == 0)) {
                in_styles = 0;
                s->cur_style = NULL;
            } else if (office_ns && strcmp(name, "text") == 0) {
                in_body = 0;
            } else if ((text_ns || office_ns) && is_skipped(name) && s->skip > 0) {
                s->skip--;
            } else if (in_body && !s->skip && text_ns) {
                st = body_end(s, name, err);
            }
        } else if (ev == NL_XML_TEXT && in_body && !s->skip && !s->inserted && s->para_depth > 0 &&
                   s->para_depth <= 16) {
            size_t n;
            const char *t = nl_xml_text(x, &n);
            nl_buf_put(&s->para[s->para_depth - 1], t, n);
        }
    }
    while (s->para_depth > 0) {
        if (s->para_depth <= 16)
            nl_buf_free(&s->para[s->para_depth - 1]);
        s->para_depth--;
    }
    nl_xml_free(x);
    return st;
}

static const char mimetype[] = "application/vnd.oasis.opendocument.text";

static int odt_sniff(const unsigned char *data, size_t len, const char *path)
{
    (void)path;
    if (!nl_zip_magic(data, len))
        return 0;
    /* the stored, uncompressed first member "mimetype" */
    size_t lim = len < 200 ? len : 200;
    for (size_t i = 0; i + sizeof mimetype - 1 <= lim; i++)
        if (memcmp(data + i, mimetype, sizeof mimetype - 1) == 0 &&
            (i + sizeof mimetype - 1 == lim || data[i + sizeof mimetype - 1] != '-'))
            return 1;
    return 0;
}

static nl_status odt_load(nl_doc **out, const char *path, const unsigned char *data, size_t len,
                          const nl_load_opts *opts, nl_error *err)
{
    nl_zip *z = NULL;
    nl_doc *doc = NULL;
    char *xml = NULL;
    size_t xlen;
    odt_state s;
    memset(&s, 0, sizeof s);
    s.xml_depth = opts ? opts->xml_depth : 0;
    s.original = opts ? opts->revisions_original : 0;
    s.notes = opts ? opts->notes : 0;
    *out = NULL;
    nl_zip_limits zl = {opts ? opts->zip_entries : 0, opts ? opts->zip_entry_size : 0, opts ? opts->zip_total_size : 0,
                        opts ? opts->zip_ratio : 0};
    nl_status st = nl_zip_open(&z, path, data, len, &zl, err);
    if (st != NL_OK)
        return st;
    if (!nl_zip_has(z, "content.xml")) {
        st = nl_error_set(err, NL_ERR_UNSUPPORTED, path, "is an OpenDocument archive without content.xml");
        goto done;
    }
    /* list styles also live in styles.xml */
    if (nl_zip_has(z, "styles.xml")) {
        if ((st = nl_zip_read(z, "styles.xml", &xml, &xlen, err)) != NL_OK)
            goto done;
        if ((st = nl_doc_new(&doc, path, "odt", err)) != NL_OK)
            goto done;
        s.doc = doc;
        st = read_content(&s, xml, xlen, err); /* styles only: there is no office:text */
        free(xml);
        xml = NULL;
        if (st != NL_OK)
            goto done;
    }
    if ((st = nl_zip_read(z, "content.xml", &xml, &xlen, err)) != NL_OK)
        goto done;
    if (!doc && (st = nl_doc_new(&doc, path, "odt", err)) != NL_OK)
        goto done;
    s.doc = doc;
    s.ordinal = 0;
    nl_doc_set_encoding(doc, "UTF-8");
    nl_doc_set_eol(doc, "none");
    if (nl_doc_add_part(doc, "content.xml", &s.part) != NL_OK) {
        st = nl_error_set(err, NL_ERR_NOMEM, path, "out of memory");
        goto done;
    }
    if ((st = read_content(&s, xml, xlen, err)) != NL_OK)
        goto done;
    if (!s.oom && (st = emit_notes(&s, err)) != NL_OK)
        goto done;
    if (s.oom) {
        st = nl_error_set(err, NL_ERR_NOMEM, path, "out of memory");
        goto done;
    }
    if ((st = nl_load_props_part(doc, z, "meta.xml", err)) != NL_OK)
        goto done;
    *out = doc;
    doc = NULL;
done:
    free(xml);
    free(s.styles);
    for (size_t i = 0; i < s.nchanges; i++)
        nl_buf_free(&s.changes[i].deleted);
    free(s.changes);
    for (size_t i = 0; i < s.nkept; i++)
        nl_buf_free(&s.kept[i]);
    free(s.kept);
    free(s.kept_end);
    nl_doc_free(doc);
    nl_zip_close(z);
    return st;
}

static const char *const odt_extensions[] = {"odt", NULL};

const nl_loader nl_loader_odt = {"odt", odt_extensions, odt_sniff, odt_load};
