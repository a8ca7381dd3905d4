#include "server/backup/plaindumpcheck.h"

#include <QFile>
#include <QRegularExpression>

namespace {

constexpr qint64 MaxMetaLine = 4096;
constexpr qint64 MaxTag = 1024;
constexpr size_t MaxCopyTokens = 20000;
constexpr qsizetype MaxTokenText = 256;

bool isSpace(uchar c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// psql's ident_start and ident_cont (without '$', which this checker refuses in names).
bool isIdentStart(uchar c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c >= 0x80;
}

bool isIdentCont(uchar c)
{
    return isIdentStart(c) || (c >= '0' && c <= '9');
}

bool isDigit(uchar c)
{
    return c >= '0' && c <= '9';
}

QByteArray lower(const QByteArray &word)
{
    return word.toLower(); // ASCII only, as psql's pg_strcasecmp
}

// pg_dump's quoting of a database name in `\connect` (appendPsqlMetaConnect, fmtId and
// appendConnStrVal in PostgreSQL's fe_utils): the forms a real dump can hold for name.
QStringList connectForms(const QString &name)
{
    static const QRegularExpression plain(QStringLiteral("^[A-Za-z0-9_.]+$"));
    static const QRegularExpression bare(QStringLiteral("^[a-z_][a-z0-9_]*$"));
    auto quoteIdent = [](const QString &s) -> QString { return u'"' + QString(s).replace(u'"', u"\"\""_qs) + u'"'; };
    QStringList forms;
    if (plain.match(name).hasMatch()) {
        if (bare.match(name).hasMatch())
            forms << name;
        forms << quoteIdent(name);
    } else {
        const QString value = u'\'' + QString(name).replace(u'\\', u"\\\\"_qs).replace(u'\'', u"\\'"_qs) + u'\'';
        forms << u"-reuse-previous=on "_qs + quoteIdent(u"dbname="_qs + value);
    }
    return forms;
}

// The database name a `\connect` argument written by pg_dump names; empty when it is not one
// of pg_dump's forms.
QString connectTarget(const QString &argument)
{
    QString name;
    if (argument.startsWith(u"-reuse-previous=on \"dbname="_qs) && argument.endsWith(u'"')) {
        QString inner = argument.mid(20, argument.size() - 21).replace(u"\"\""_qs, u"\""_qs);
        inner = inner.mid(7); // after dbname=
        if (inner.size() >= 2 && inner.startsWith(u'\'') && inner.endsWith(u'\'')) {
            const QString quoted = inner.mid(1, inner.size() - 2);
            for (qsizetype i = 0; i < quoted.size(); ++i) {
                if (quoted.at(i) == u'\\' && i + 1 < quoted.size())
                    ++i;
                name += quoted.at(i);
            }
        } else {
            name = inner;
        }
    } else if (argument.size() >= 2 && argument.startsWith(u'"') && argument.endsWith(u'"')) {
        name = argument.mid(1, argument.size() - 2).replace(u"\"\""_qs, u"\""_qs);
    } else {
        name = argument;
    }
    // Nothing psql's argument parser would read as a command, a variable or a second argument.
    static const QRegularExpression safe(QStringLiteral("^[^`\\\\:'\"\\x00-\\x1f\\x7f]+$"));
    if (!safe.match(name).hasMatch() || !connectForms(name).contains(argument))
        return {};
    return name;
}

} // namespace

PlainDumpCheck::PlainDumpCheck(const QString &targetDatabase)
    : m_target(targetDatabase)
{
}

bool PlainDumpCheck::fail(const QString &why)
{
    if (m_error.isEmpty())
        m_error = QStringLiteral("line %1: %2").arg(m_line).arg(why);
    return false;
}

bool PlainDumpCheck::feed(QByteArrayView data)
{
    if (refused())
        return false;
    for (const char ch : data) {
        const uchar c = uchar(ch);
        if (c == 0)
            return fail(QStringLiteral("a NUL byte (psql would drop the rest of the line and read what follows differently)"));
        do {
            m_again = false;
            step(c);
            if (refused())
                return false;
        } while (m_again);
        if (c == '\n') {
            ++m_line;
            m_column = 0;
        } else {
            ++m_column;
        }
    }
    return true;
}

bool PlainDumpCheck::finish()
{
    if (refused())
        return false;
    switch (m_state) {
    case State::Sql:
    case State::LineComment:
    case State::CopyData:
    case State::QuoteEnd:
    case State::DoubleQuoteEnd:
    case State::MinusSeen:
    case State::SlashSeen:
    case State::ColonSeen:
        return true;
    case State::Word:
    case State::UAmp:
        finishWord(m_word, ' ');
        return !refused();
    case State::Number:
    case State::Param:
        return true;
    case State::DollarTag:
        if (!m_tag.isEmpty())
            identifier(m_tag);
        return !refused();
    case State::Meta:
        checkMeta();
        return !refused();
    case State::Quote:
    case State::DoubleQuote:
    case State::Dollar:
    case State::BlockComment:
    case State::BlockStar:
    case State::BlockSlash:
        return fail(QStringLiteral("the dump ends inside a quoted string or comment"));
    }
    return true;
}

void PlainDumpCheck::token(char kind, const QByteArray &text)
{
    if (m_statementEmpty && kind == 'w' && text == "copy")
        m_capture = true;
    m_statementEmpty = false;
    if (!m_capture)
        return;
    if (m_tokens.size() >= MaxCopyTokens) {
        fail(QStringLiteral("a COPY statement with more than %1 tokens").arg(MaxCopyTokens));
        return;
    }
    m_tokens.push_back({kind, text.left(MaxTokenText)});
}

// psql's heuristic for CREATE FUNCTION ... BEGIN ATOMIC ... END bodies, whose semicolons do
// not end the statement (psqlscan.l, the {identifier} rule), replicated exactly so that this
// checker splits statements where psql does.
void PlainDumpCheck::identifier(const QByteArray &word)
{
    const QByteArray w = lower(word);
    if (m_identifierCount == 0)
        std::fill(std::begin(m_identifiers), std::end(m_identifiers), 0);
    if (w == "create" || w == "function" || w == "procedure" || w == "or" || w == "replace") {
        if (m_identifierCount < int(sizeof m_identifiers))
            m_identifiers[m_identifierCount] = w.at(0);
    }
    ++m_identifierCount;
    if (m_identifiers[0] == 'c'
        && (m_identifiers[1] == 'f' || m_identifiers[1] == 'p'
            || (m_identifiers[1] == 'o' && m_identifiers[2] == 'r' && (m_identifiers[3] == 'f' || m_identifiers[3] == 'p')))
        && m_parenDepth == 0) {
        if (w == "begin")
            ++m_beginDepth;
        else if (w == "case") {
            if (m_beginDepth >= 1)
                ++m_beginDepth;
        } else if (w == "end") {
            if (m_beginDepth > 0)
                --m_beginDepth;
        }
    }
    if (w == "stdin")
        m_sawStdin = true;
    token('w', w);
}

// A word has ended at next. One letter before a quote is a string prefix (E'', N'', B'', X''),
// U before &' or &" a Unicode string or identifier: psql does not count those as identifiers.
void PlainDumpCheck::finishWord(const QByteArray &word, uchar next)
{
    if (word.size() == 1 && next == '\'' && QByteArrayView("eEnNbBxX").contains(word.at(0)))
        return;
    if (word.size() == 1 && next == '&' && (word.at(0) == 'u' || word.at(0) == 'U')) {
        m_state = State::UAmp;
        return;
    }
    identifier(word);
}

bool PlainDumpCheck::copyShapeOk() const
{
    // COPY name[.name] [( name [, name]... )] FROM stdin ;
    size_t i = 0;
    auto is = [&](char kind, const char *text) {
        return i < m_tokens.size() && m_tokens[i].kind == kind && (!text || m_tokens[i].text == text);
    };
    auto name = [&] {
        if (i < m_tokens.size() && (m_tokens[i].kind == 'w' || m_tokens[i].kind == 'q')) {
            ++i;
            return true;
        }
        return false;
    };
    if (!is('w', "copy"))
        return false;
    ++i;
    if (!name())
        return false;
    if (is('p', ".")) {
        ++i;
        if (!name())
            return false;
    }
    if (is('p', "(")) {
        ++i;
        if (!name())
            return false;
        while (is('p', ",")) {
            ++i;
            if (!name())
                return false;
        }
        if (!is('p', ")"))
            return false;
        ++i;
    }
    if (!is('w', "from"))
        return false;
    ++i;
    if (!is('w', "stdin"))
        return false;
    ++i;
    if (!is('p', ";"))
        return false;
    ++i;
    return i == m_tokens.size();
}

void PlainDumpCheck::endStatement()
{
    if (m_capture) {
        if (!copyShapeOk()) {
            fail(QStringLiteral("a COPY statement other than COPY table (columns) FROM stdin;"));
            return;
        }
        m_copyPending = true;
    } else if (m_sawStdin) {
        fail(QStringLiteral("STDIN outside a COPY table (columns) FROM stdin; statement"));
        return;
    }
    m_statementEmpty = true;
    m_sawStdin = false;
    m_capture = false;
    m_tokens.clear();
    m_identifierCount = 0;
}

void PlainDumpCheck::checkMeta()
{
    QString line = QString::fromUtf8(m_meta);
    if (line.endsWith(u'\r'))
        line.chop(1);
    static const QRegularExpression restrictLine(QStringLiteral("^\\\\(un)?restrict [A-Za-z0-9]{1,128}$"));
    if (restrictLine.match(line).hasMatch())
        return;
    if (line.startsWith(u"\\connect "_qs)) {
        const QString name = connectTarget(line.mid(9));
        if (name.isEmpty()) {
            fail(QStringLiteral("a \\connect line not in the form pg_dump writes"));
            return;
        }
        if (!m_target.isEmpty() && name != m_target)
            fail(QStringLiteral("\\connect to database \"%1\", not to the database being restored (\"%2\")").arg(name.left(100), m_target));
        return;
    }
    QString command = line.section(u' ', 0, 0).left(20);
    fail(QStringLiteral("the psql meta-command %1 (only \\connect, \\restrict and \\unrestrict lines as pg_dump writes them, "
                        "and \\. ending COPY data, are allowed)")
             .arg(command));
}

void PlainDumpCheck::step(uchar c)
{
    switch (m_state) {
    case State::Sql:
        if (c == '\n') {
            if (m_copyPending) {
                m_copyPending = false;
                m_state = State::CopyData; // data starts after this newline
                m_copyPosition = 0;
            }
            return;
        }
        if (isSpace(c))
            return;
        if (m_copyPending) {
            fail(QStringLiteral("text after COPY ... FROM stdin; on the same line"));
            return;
        }
        switch (c) {
        case '-': m_state = State::MinusSeen; return;
        case '/': m_state = State::SlashSeen; return;
        case ':': m_state = State::ColonSeen; return;
        case '\'':
            token('o');
            m_backslashes = 0;
            m_state = State::Quote;
            return;
        case '"':
            token('q');
            m_state = State::DoubleQuote;
            return;
        case '$':
            m_tag.clear();
            m_state = State::DollarTag;
            return;
        case '\\':
            if (m_column != 0 || !m_statementEmpty || m_parenDepth != 0 || m_beginDepth != 0) {
                fail(QStringLiteral("a backslash outside quotes: psql would run it as a meta-command"));
                return;
            }
            m_meta = "\\";
            m_state = State::Meta;
            return;
        case '(':
            ++m_parenDepth;
            token('p', "(");
            return;
        case ')':
            if (m_parenDepth > 0)
                --m_parenDepth;
            token('p', ")");
            return;
        case ';':
            token('p', ";");
            if (m_parenDepth == 0 && m_beginDepth == 0)
                endStatement();
            return;
        default:
            break;
        }
        if (isIdentStart(c)) {
            m_word = QByteArray(1, char(c));
            m_state = State::Word;
            return;
        }
        if (isDigit(c)) {
            m_number = NumberPart::Integer;
            m_state = State::Number;
            token('o');
            return;
        }
        token('p', QByteArray(1, char(c)));
        return;

    case State::Word:
        if (isIdentCont(c)) {
            if (m_word.size() < MaxTokenText)
                m_word.append(char(c));
            return;
        }
        if (c == '$') {
            fail(QStringLiteral("'$' inside an unquoted name (psql and this check could read a dollar quote differently)"));
            return;
        }
        m_state = State::Sql;
        finishWord(m_word, c);
        if (m_state == State::UAmp)
            return; // the '&' is consumed; the next character decides
        m_again = true;
        return;

    case State::UAmp:
        m_state = State::Sql;
        if (c == '\'' || c == '"') {
            m_again = true; // U&'...' or U&"...": the quote starts it
            return;
        }
        identifier(m_word);
        token('p', "&");
        m_again = true;
        return;

    case State::Number:
        switch (m_number) {
        case NumberPart::Integer:
        case NumberPart::Fraction:
            if (isDigit(c))
                return;
            if (c == '.' && m_number == NumberPart::Integer) {
                m_number = NumberPart::Fraction;
                return;
            }
            if (c == 'e' || c == 'E') {
                m_number = NumberPart::ExponentStart;
                return;
            }
            break;
        case NumberPart::ExponentStart:
            if (c == '+' || c == '-') {
                m_number = NumberPart::ExponentSign;
                return;
            }
            if (isDigit(c)) {
                m_number = NumberPart::Exponent;
                return;
            }
            fail(QStringLiteral("junk after a number"));
            return;
        case NumberPart::ExponentSign:
            if (isDigit(c)) {
                m_number = NumberPart::Exponent;
                return;
            }
            fail(QStringLiteral("junk after a number"));
            return;
        case NumberPart::Exponent:
            if (isDigit(c))
                return;
            break;
        }
        if (isIdentCont(c) || c == '$') {
            fail(QStringLiteral("junk after a number"));
            return;
        }
        m_state = State::Sql;
        m_again = true;
        return;

    case State::Param:
        if (isDigit(c))
            return;
        if (isIdentCont(c) || c == '$') {
            fail(QStringLiteral("junk after a $n parameter"));
            return;
        }
        m_state = State::Sql;
        m_again = true;
        return;

    case State::DollarTag:
        if (c == '$') {
            m_tag = '$' + m_tag + '$';
            m_matched = 0;
            token('o');
            m_state = State::Dollar;
            return;
        }
        if (m_tag.isEmpty() && isDigit(c)) {
            token('o');
            m_state = State::Param;
            return;
        }
        if ((m_tag.isEmpty() && isIdentStart(c)) || (!m_tag.isEmpty() && isIdentCont(c))) {
            if (m_tag.size() >= MaxTag) {
                fail(QStringLiteral("a dollar-quote tag over %1 bytes").arg(MaxTag));
                return;
            }
            m_tag.append(char(c));
            return;
        }
        // A lone '$' (psql's dolqfailed): what followed it is an ordinary word.
        token('p', "$");
        m_state = State::Sql;
        if (!m_tag.isEmpty()) {
            m_word = m_tag;
            finishWord(m_word, c);
            if (m_state == State::UAmp)
                return;
        }
        m_again = true;
        return;

    case State::Dollar: {
        // The closing delimiter is the same $tag$; tags hold no '$', so a failed partial match
        // can only restart at a '$'.
        if (c == uchar(m_tag.at(m_matched))) {
            if (++m_matched == m_tag.size())
                m_state = State::Sql;
        } else {
            m_matched = c == '$' ? 1 : 0;
        }
        return;
    }

    case State::Quote:
        if (c == '\\') {
            ++m_backslashes;
            return;
        }
        if (c == '\'') {
            if (m_backslashes % 2 == 1) {
                fail(QStringLiteral("a backslash before a quote inside a string literal (where the string ends would depend on "
                                    "standard_conforming_strings)"));
                return;
            }
            m_backslashes = 0;
            m_state = State::QuoteEnd;
            return;
        }
        m_backslashes = 0;
        return;

    case State::QuoteEnd:
        if (c == '\'') { // '' inside the string
            m_state = State::Quote;
            return;
        }
        m_state = State::Sql;
        m_again = true;
        return;

    case State::DoubleQuote:
        if (c == '"')
            m_state = State::DoubleQuoteEnd;
        return;

    case State::DoubleQuoteEnd:
        if (c == '"') {
            m_state = State::DoubleQuote;
            return;
        }
        m_state = State::Sql;
        m_again = true;
        return;

    case State::LineComment:
        if (c == '\n') {
            m_state = State::Sql;
            m_again = true;
        }
        return;

    case State::MinusSeen:
        if (c == '-') {
            m_state = State::LineComment;
            return;
        }
        token('p', "-");
        m_state = State::Sql;
        m_again = true;
        return;

    case State::SlashSeen:
        if (c == '*') {
            m_commentDepth = 1;
            m_state = State::BlockComment;
            return;
        }
        token('p', "/");
        m_state = State::Sql;
        m_again = true;
        return;

    case State::ColonSeen:
        m_state = State::Sql;
        if (c == ':') {
            token('p', "::");
            return;
        }
        // :'name', :"name", :{?name} and the variables psql defines itself (all upper case)
        // would be replaced by text psql then reads again.
        if (c == '\'' || c == '"' || c == '{' || (c >= 'A' && c <= 'Z')) {
            fail(QStringLiteral("a psql variable reference"));
            return;
        }
        token('p', ":");
        m_again = true;
        return;

    case State::BlockComment:
        if (c == '*')
            m_state = State::BlockStar;
        else if (c == '/')
            m_state = State::BlockSlash;
        return;

    case State::BlockStar:
        if (c == '/') {
            m_state = --m_commentDepth == 0 ? State::Sql : State::BlockComment;
            return;
        }
        if (c == '*')
            return;
        m_state = State::BlockComment;
        m_again = true;
        return;

    case State::BlockSlash:
        if (c == '*') {
            ++m_commentDepth;
            m_state = State::BlockComment;
            return;
        }
        m_state = State::BlockComment;
        m_again = true;
        return;

    case State::Meta:
        if (c == '\n') {
            checkMeta();
            m_meta.clear();
            m_state = State::Sql;
            return;
        }
        if (m_meta.size() >= MaxMetaLine) {
            fail(QStringLiteral("a meta-command line over %1 bytes").arg(MaxMetaLine));
            return;
        }
        m_meta.append(char(c));
        return;

    case State::CopyData:
        // psql ends COPY data at a line that is exactly "\." (before "\n" or "\r\n") and reads
        // every other line as data, whatever it holds. Positions: 0 line start, 1 after "\",
        // 2 after "\.", 3 after "\.\r", 4 inside a data line.
        switch (m_copyPosition) {
        case 0:
            m_copyPosition = c == '\\' ? 1 : c == '\n' ? 0 : 4;
            return;
        case 1:
            m_copyPosition = c == '.' ? 2 : c == '\n' ? 0 : 4;
            return;
        case 2:
        case 3:
            if (c == '\n') {
                m_state = State::Sql;
                m_statementEmpty = true;
                return;
            }
            m_copyPosition = c == '\r' && m_copyPosition == 2 ? 3 : 4;
            return;
        default:
            if (c == '\n')
                m_copyPosition = 0;
            return;
        }
    }
}

bool PlainDumpCheck::checkBytes(QByteArrayView data, const QString &targetDatabase, QString *error)
{
    PlainDumpCheck check(targetDatabase);
    if (!check.feed(data) || !check.finish()) {
        *error = check.error();
        return false;
    }
    return true;
}

bool PlainDumpCheck::checkFile(const QString &path, const QString &targetDatabase, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return false;
    }
    PlainDumpCheck check(targetDatabase);
    QByteArray block(1024 * 1024, Qt::Uninitialized);
    for (;;) {
        const qint64 n = file.read(block.data(), block.size());
        if (n < 0) {
            *error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
            return false;
        }
        if (n == 0)
            break;
        if (!check.feed(QByteArrayView(block.constData(), n))) {
            *error = check.error();
            return false;
        }
    }
    if (!check.finish()) {
        *error = check.error();
        return false;
    }
    return true;
}
