/*
 * doc.h — the document model.
 *
 * A document is one UTF-8 text buffer (line endings normalised to "\n") plus a
 * line index and a tree of structure nodes. Every node is a byte span into the
 * text, never a copy. A document owns its text, its lines and an arena holding
 * its nodes; nl_doc_free() releases everything at once. Pointers returned by
 * the accessors below are borrowed from the document and live as long as it.
 *
 * Each line keeps a source locator (text: physical line; DOCX: part name and
 * paragraph ordinal; XML: element line; OFD, PDF: paragraph ordinal) so that a
 * finding can point back into the original file. A paged source (OFD, PDF) also
 * says on which page, and on which line of it, each stretch of text stands
 * (nl_doc_page_at).
 *
 * A position is reported three ways: byte offset; line and column counted in
 * Unicode code points (SARIF columnKind unicodeCodePoints) plus a display
 * column (East Asian wide characters count 2); and the legal address
 * (第三章第十二条第二款第（一）项).
 */
#ifndef NORMLINT_DOC_H
#define NORMLINT_DOC_H

#include <stddef.h>
#include <stdint.h>
#include "core.h"
#include "cnum.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct nl_doc nl_doc;

/* One line of the model. [start, end) excludes the "\n". */
typedef struct nl_line {
    size_t start, end;
    uint32_t part;    /* index into the document's part names (nl_doc_part_name) */
    uint32_t ordinal; /* 1-based physical line / paragraph ordinal within the part */
    uint32_t row;     /* a paragraph of a table cell: its row, numbered from 1 through the
                         document (the cells of one row share it); 0 outside tables */
} nl_line;

typedef enum nl_node_kind {
    NL_NODE_DOCUMENT = 0, /* root */
    NL_NODE_ENCLOSED,     /* the normative text issued by a wrapper notice (关于印发《××办法》的通知) */
    NL_NODE_TITLE,        /* 标题 (may span two lines) */
    NL_NODE_DOC_NUMBER,   /* 文号 line */
    NL_NODE_RECIPIENT,    /* 主送机关 */
    NL_NODE_PREAMBLE,     /* text between the header and the first structural unit */
    NL_NODE_CHAPTER,      /* 第X章 (also a bare 附则 heading, flag NL_NODEF_SUPPLEMENTARY) */
    NL_NODE_SECTION,      /* 第X节 */
    NL_NODE_ARTICLE,      /* 第X条 */
    NL_NODE_CLAUSE,       /* 款: an unnumbered paragraph of an article */
    NL_NODE_ITEM,         /* 项: （一） */
    NL_NODE_SUBITEM,      /* 目: 1. */
    NL_NODE_HEADING,      /* outline heading of a paragraph-style document, level 1..4 */
    NL_NODE_PARAGRAPH,    /* a body paragraph outside articles */
    NL_NODE_ANNEX,        /* 附件 (a reference list before the signature, or annex content after it) */
    NL_NODE_SIGNATURE,    /* 落款: issuer lines + 成文日期 */
    NL_NODE_ISSUER,       /* one issuing body in the signature */
    NL_NODE_DATE,         /* 成文日期 in the signature */
    NL_NODE_NOTE,         /* （此件公开发布）, 抄送/印发 lines and similar remarks */
    NL_NODE_TABLE,        /* a table (DOCX, ODT) where it stands: never a 款 of the article before it */
    NL_NODE_ROW,          /* one row of a table: its cells' paragraphs */
    NL_NODE_FOOTNOTE,     /* a footnote's or endnote's paragraph (read with nl_load_opts.notes) */
    NL_NODE_KIND_COUNT
} nl_node_kind;

/* Stable lower-case English name of a kind ("article", "doc-number", ...). */
const char *nl_node_kind_name(nl_node_kind k);

/* Bits of nl_node.flags: what the recogniser saw, for rules to judge. */
enum {
    NL_NODEF_SUPPLEMENTARY = 1u << 0, /* 附则 chapter */
    NL_NODEF_OUT_OF_SEQUENCE = 1u << 1, /* number is not previous + 1 among its siblings of the same kind */
    NL_NODEF_DUPLICATE = 1u << 2,     /* number repeats a sibling's number */
    NL_NODEF_ODD_FORM = 1u << 3,      /* label form unusual for this kind (第3条, 一、 inside an article) */
    NL_NODEF_LIST = 1u << 4,          /* annex: a reference list (附件：1.…) rather than annex content */
    NL_NODEF_INLINE_HEADING = 1u << 5, /* outline heading followed by text on the same line */
    NL_NODEF_PAGE_NUMBER = 1u << 6, /* label preceded by a stray page number (-2-第四条), from PDF extraction */
    NL_NODEF_JOINED = 1u << 7,      /* article starts inside the line of the previous one (……。 第十五条 ……) */
    NL_NODEF_INSERTED = 1u << 8     /* 第十七条之一: inserted by an amendment; number is that of 第十七条 */
};

typedef struct nl_node nl_node;
struct nl_node {
    nl_node_kind kind;
    unsigned flags;
    nl_span span;     /* whole extent: first byte of its first line .. end of its last line */
    nl_span label;    /* numbering label as written (第三条, （一）, 一、, 1.), empty if none */
    nl_span heading;  /* heading text (chapter name 总则, outline heading), empty if none */
    long number;      /* value of the label (第一百零三条 → 103); ordinal for clauses; -1 if none */
    nl_numform form;  /* how the number was written */
    int level;        /* outline level 1..4 for headings, nesting depth for others */
    size_t first_line, last_line; /* 0-based line indices, inclusive */
    nl_node *parent, *first_child, *last_child, *prev, *next;
};

/* Document drafting style. */
typedef enum nl_style {
    NL_STYLE_NONE = 0,  /* no body recognised */
    NL_STYLE_ARTICLES,  /* 条文式: 章/节/条/款/项/目 */
    NL_STYLE_OUTLINE    /* 段落式: 一、（一）1.（1） */
} nl_style;
const char *nl_style_name(nl_style s); /* "none", "articles", "outline" */

/* Document type, inferred from title, issuer and 文号. */
typedef enum nl_doctype {
    NL_DOCTYPE_UNKNOWN = 0,
    NL_DOCTYPE_NORMATIVE,      /* 行政规范性文件 */
    NL_DOCTYPE_RULE,           /* 规章 (部门规章, 地方政府规章; promulgated by 令) */
    NL_DOCTYPE_LOCAL_REGULATION, /* 地方性法规 */
    NL_DOCTYPE_ADMIN_REGULATION, /* 行政法规 */
    NL_DOCTYPE_LAW,            /* 法律 */
    NL_DOCTYPE_JUDICIAL,       /* 司法解释 */
    NL_DOCTYPE_OTHER           /* other 公文: 批复, 函, 报告, 通报 … */
} nl_doctype;
/* English id ("normative", "rule", "local-regulation", "admin-regulation", "law",
 * "judicial", "other", "unknown") and Chinese name (行政规范性文件, 规章, …). */
const char *nl_doctype_id(nl_doctype t);
const char *nl_doctype_zh(nl_doctype t);
/* Parse an English id; returns NL_DOCTYPE_UNKNOWN for unknown strings and sets *ok to 0. */
nl_doctype nl_doctype_from_id(const char *id, int *ok);

/* A parsed 文号: 沪府规〔2021〕3号, 国务院令第768号. */
typedef struct nl_docnum {
    nl_span span;       /* the whole number as written */
    nl_span agency;     /* 机关代字 (沪府规) */
    int year;           /* 0 when the number carries no year (令 numbers) */
    long serial;        /* 发文顺序号 */
    uint32_t open, close; /* bracket code points around the year (0x3014/0x3015 for 〔〕) */
    int is_order;       /* 1 for 令 numbers (第N号 after …令) */
} nl_docnum;

/* A date the recogniser found, with where it was written. */
typedef struct nl_docdate {
    nl_span span;  /* empty when absent */
    nl_date date;
} nl_docdate;

/* What a document says about when it takes effect and for how long. */
typedef enum nl_effective {
    NL_EFFECTIVE_NONE = 0, /* no 施行 clause found */
    NL_EFFECTIVE_DATE,     /* 自2022年1月1日起施行 */
    NL_EFFECTIVE_ON_ISSUE  /* 自印发之日起施行 / 自公布之日起施行 */
} nl_effective;

/* Metadata of one document or enclosed document. Spans may be empty. */
typedef struct nl_meta {
    nl_span title;           /* title text (for a two-line title: from line 1 to line 2) */
    nl_docnum docnum;        /* docnum.span empty when none */
    nl_span recipient;
    const nl_node *signature;/* NULL when none */
    nl_docdate signed_date;  /* 成文日期 */
    nl_docdate published;    /* 公布日期 when the text states it */
    nl_effective effective_kind;
    nl_docdate effective;    /* 施行日期 (NL_EFFECTIVE_DATE) */
    nl_span effective_clause;/* the sentence stating it */
    nl_docdate valid_until;  /* 有效期至… */
    int valid_years;         /* 有效期N年, 0 when not stated */
    nl_span validity_clause; /* the sentence stating 有效期 */
    nl_style style;
    nl_doctype type;
    const char *type_reason; /* English-free Chinese sentence saying why, static string */
    int type_guessed;        /* 1: the type rests on the title's genre alone (or is unknown), not on
                                strong evidence (令, 题注, a 规 文号, a register, the user) */
    int trial;               /* 1 if the title says 试行 or 暂行 */
} nl_meta;

/* Metadata the source file carries about itself (DOCX docProps/core.xml,
 * the first paragraph in the Title/标题 style), as opposed to what the
 * recogniser reads from the text (nl_meta). */
typedef enum nl_prop {
    NL_PROP_TITLE = 0,   /* dc:title */
    NL_PROP_CREATOR,     /* dc:creator */
    NL_PROP_CREATED,     /* dcterms:created, as written (ISO 8601) */
    NL_PROP_MODIFIED,    /* dcterms:modified */
    NL_PROP_TITLE_STYLE, /* text of the first paragraph styled Title / 标题 */
    NL_PROP_COUNT
} nl_prop;
const char *nl_prop_name(nl_prop p); /* "title", "creator", "created", "modified", "title-style" */

/* ---- access ---- */

const char *nl_doc_path(const nl_doc *doc);     /* as given to the loader */
const char *nl_doc_format(const nl_doc *doc);   /* the loader's name: "text", "docx", "odt", "ofd", "xml", "html" */
const char *nl_doc_encoding(const nl_doc *doc); /* "UTF-8", "UTF-8-BOM", "UTF-16LE", "UTF-16BE", "GB18030" */
const char *nl_doc_eol(const nl_doc *doc);      /* "LF", "CRLF", "CR", "mixed", "none" */
const char *nl_doc_text(const nl_doc *doc);     /* NUL-terminated UTF-8 */
size_t nl_doc_len(const nl_doc *doc);
size_t nl_doc_line_count(const nl_doc *doc);
const nl_line *nl_doc_line(const nl_doc *doc, size_t i); /* NULL when out of range */
const char *nl_doc_part_name(const nl_doc *doc, uint32_t part); /* "" for plain text */
const nl_node *nl_doc_root(const nl_doc *doc);  /* NULL until the structure was recognised */
const char *nl_doc_property(const nl_doc *doc, nl_prop p); /* NULL when the source does not say */
const nl_meta *nl_doc_meta(const nl_doc *doc);  /* metadata of the outer document */
/* Metadata of an NL_NODE_DOCUMENT or NL_NODE_ENCLOSED node; NULL for other nodes. */
const nl_meta *nl_doc_node_meta(const nl_doc *doc, const nl_node *node);

/* For a paged source (OFD, PDF): 1, with *page and *line (both 1-based) the page
 * and the line on it, counted from its top, where byte `offset` of the text
 * stands. 0, and nothing stored, for a source without pages. */
int nl_doc_page_at(const nl_doc *doc, size_t offset, size_t *page, size_t *line);

/* Index of the line containing byte `offset` (offsets at a "\n" belong to the
 * line it ends; offset == len maps to the last line). */
size_t nl_doc_line_of(const nl_doc *doc, size_t offset);

typedef struct nl_pos {
    size_t offset;
    size_t line;           /* 1-based */
    size_t column;         /* 1-based, in code points */
    size_t display_column; /* 1-based, East Asian wide/full-width characters count 2 */
} nl_pos;

/* Position of byte `offset` (clamped to the text length). */
nl_pos nl_doc_position(const nl_doc *doc, size_t offset);

/* The deepest node whose span contains `offset`, or the root. */
const nl_node *nl_doc_node_at(const nl_doc *doc, size_t offset);

/* Write the legal address of the node containing `offset` into buf
 * (第三章第十二条第二款第（一）项, 一、（二）for outline documents, 标题, 落款 …).
 * Returns the byte length (truncated to fit, NUL-terminated). */
size_t nl_doc_address(const nl_doc *doc, size_t offset, char *buf, size_t bufsize);

/* Declare the document's type (strong evidence: the user, a register):
 * replaces the inferred type of the outer document and of an enclosed one.
 * `reason` is a static Chinese sentence. */
void nl_doc_declare_type(nl_doc *doc, nl_doctype t, const char *reason);

/* Whether the document is not one to review at all (a requirements.txt, a
 * pom.xml, a web page): its type is unknown and not declared, and it has no
 * 文号, no 施行 clause, no articles or outline, and next to no Chinese (fewer
 * than 10 ideographs, or fewer than one per four visible ASCII characters).
 * Returns NULL for a document to review, else the reason
 * as a Chinese sentence (static). */
const char *nl_doc_not_draft(const nl_doc *doc);
/* The level of the document's issuer, read from the places in its name
 * (title before 关于, signature): a State Council or ministry document names
 * no place. */
typedef enum nl_issuer_level {
    NL_ISSUER_UNKNOWN = 0,
    NL_ISSUER_CENTRAL,    /* 国务院, its ministries and commissions */
    NL_ISSUER_PROVINCIAL, /* 省, 自治区, 直辖市 */
    NL_ISSUER_MUNICIPAL,  /* 设区的市, 自治州, 地区, 盟 */
    NL_ISSUER_COUNTY,     /* 县, 区, 旗, county-level city */
    NL_ISSUER_TOWNSHIP    /* 乡, 镇, 街道 */
} nl_issuer_level;
nl_issuer_level nl_doc_issuer_level(const nl_doc *doc);
/* What kind of body the issuer is, read from the end of its name. */
typedef enum nl_issuer_kind {
    NL_ISSUER_KIND_UNKNOWN = 0,
    NL_ISSUER_GOVERNMENT,   /* 人民政府 */
    NL_ISSUER_OFFICE,       /* its 办公厅, 办公室 */
    NL_ISSUER_DEPARTMENT,   /* 局, 厅, 委员会, 部 … */
    NL_ISSUER_INTERNAL,     /* a department's internal unit: 处, 科, 股, 室, 中队 */
    NL_ISSUER_COORDINATION, /* 领导小组, 指挥部, 联席会议, 工作专班 */
    NL_ISSUER_DISPATCHED    /* 街道办事处, 管理委员会, 派出机构 */
} nl_issuer_kind;
/* The issuer's name: the first issuer line of the signature, else the title
   before 关于; an empty span when the document names none. */
nl_span nl_doc_issuer(const nl_doc *doc);
nl_issuer_kind nl_doc_issuer_kind(const nl_doc *doc);
/* "unknown", "government", "office", "department", "internal-unit",
 * "coordination-body", "dispatched-office" */
const char *nl_issuer_kind_id(nl_issuer_kind k);
/* "unknown", "central", "provincial", "municipal", "county", "township" */
const char *nl_issuer_level_id(nl_issuer_level l);
/* 1 when the place named by s[0..n) is local to the document's issuer: a
 * 本-word (本市, 本区, 辖区), one of the administrative units named in the
 * issuer's name (title before 关于, signature), or any place when the document
 * names no issuer place. */
int nl_doc_place_is_local(const nl_doc *doc, const char *s, size_t n);
/* Depth-first walk helper: the node after `n` in document order, or NULL. */
const nl_node *nl_node_next_preorder(const nl_node *n);

/* ---- suppression directives ----
 * A comment `normlint-disable RULE[,RULE] [理由]` covers the text from the
 * line after it to the end of the document (or to a later
 * `normlint-enable RULE`); `normlint-disable-next-line RULE…` covers the next
 * line that is not blank; in DOCX a Word comment whose text starts with
 * `normlint-disable RULE…` covers the commented range. RULE is a rule id, a
 * family (power.*) or * for every rule. The comment syntax is the format's:
 * `# …` or `// …` lines in text files, `<!-- … -->` in XML and HTML. */
typedef struct nl_directive {
    nl_span span;       /* the text it covers */
    const char *rules;  /* as written, comma-separated: "power.fee,time.*" */
    const char *reason; /* the 理由 after the rules, "" when none */
    const char *form;   /* "disable", "disable-next-line" or "comment" (a Word comment) */
    size_t line;        /* source line of the directive (DOCX: paragraph ordinal of the range start) */
} nl_directive;
size_t nl_doc_directive_count(const nl_doc *doc);
const nl_directive *nl_doc_directive(const nl_doc *doc, size_t i);
/* 1 if the directive names rule `id` (exactly, by its family, or by *). */
int nl_directive_names(const nl_directive *d, const char *id);
/* 1 if it covers the text span (a span overlapping the range; an empty span
 * inside it or at its edges). */
int nl_directive_covers(const nl_directive *d, nl_span s);

/* Article numbering verdict of a document (every part), as `summary` prints it. */
typedef struct nl_numbering {
    size_t articles;    /* number of 第X条 nodes */
    int continuous;     /* 1 if every part numbers its articles 1..N without gap or duplicate */
    const nl_node *first_bad; /* first article out of sequence or duplicated, else NULL */
    const nl_node *before_bad; /* the article before first_bad in its part, NULL if first */
} nl_numbering;
nl_numbering nl_doc_numbering(const nl_doc *doc);

/* Release a document and everything it owns. Accepts NULL. */
void nl_doc_free(nl_doc *doc);

/* ---- building ---- */

/* Make a document from UTF-8 text held in memory (line endings are normalised;
 * invalid UTF-8 is an NL_ERR_ENCODING error), and recognise its structure.
 * `name` is what nl_doc_path returns. On success *out is owned by the caller. */
nl_status nl_doc_from_utf8(nl_doc **out, const char *name, const char *text, size_t len, nl_error *err);

/* Recognise the structure of a loaded document (idempotent). Loaders call it;
 * it never fails on content — odd numbering is recorded, not rejected. */
nl_status nl_doc_recognise(nl_doc *doc, nl_error *err);

#ifdef __cplusplus
}
#endif
#endif
