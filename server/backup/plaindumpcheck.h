#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <vector>

// Decides whether a plain-text SQL dump (pg_dump's plain format, the ticket's database.sql)
// may be handed to psql. psql runs backslash commands wherever its own lexer finds them outside
// quotes (\! runs a shell, \o |cmd and \copy ... program run programs, \i reads files, \gexec
// and \set change what runs next), so before psql sees a dump this follows the dump the way
// psql's lexer does and refuses it when anything could be a meta-command other than the ones
// pg_dump writes: `\connect` to the target database, `\restrict KEY` / `\unrestrict KEY`, and the
// `\.` line that ends COPY data.
//
// It tracks what decides where psql's commands are: quoted strings, quoted identifiers,
// dollar quotes, comments, the statement boundaries psql itself uses (parentheses and the
// BEGIN ... END of SQL-standard function bodies), COPY ... FROM stdin blocks (whose rows are
// data up to a line `\.`), and psql variable references. Where psql's reading would depend on
// something a file cannot pin down it refuses instead of guessing: a backslash right before a
// quote inside a string (standard_conforming_strings could be switched off mid-dump), `$` in an
// unquoted name, junk after a number, a COPY other than `COPY table (columns) FROM stdin;`,
// STDIN anywhere else, NUL bytes, text after a COPY statement on its line.
//
// Streaming and bounded: feed() any number of blocks; memory stays at a few kilobytes whatever
// the input. No side effects, so fuzz targets can call it on any bytes.
class PlainDumpCheck {
public:
    // targetDatabase: the only database `\connect` may name; empty accepts any well-formed
    // `\connect` line as pg_dump writes it (verify, where the target is not known).
    explicit PlainDumpCheck(const QString &targetDatabase = {});

    // Feeds the next bytes; false once the dump is refused.
    bool feed(QByteArrayView data);
    // The end of the input; false when the dump is refused.
    bool finish();
    bool refused() const { return !m_error.isEmpty(); }
    // Why, with the line number.
    QString error() const { return m_error; }

    // Reads a file in blocks through a checker; false with the reason when refused or unreadable.
    static bool checkFile(const QString &path, const QString &targetDatabase, QString *error);
    // The same on bytes in memory.
    static bool checkBytes(QByteArrayView data, const QString &targetDatabase, QString *error);

private:
    enum class State {
        Sql, Word, Number, Param, DollarTag, Dollar, Quote, QuoteEnd, DoubleQuote, DoubleQuoteEnd, LineComment,
        MinusSeen, SlashSeen, ColonSeen, UAmp, BlockComment, BlockStar, BlockSlash, Meta, CopyData
    };
    enum class NumberPart { Integer, Fraction, ExponentStart, ExponentSign, Exponent };
    struct Token {
        char kind; // w word, q quoted identifier, p punctuation, o other (string, number, ...)
        QByteArray text;
    };
    void step(uchar c);
    bool fail(const QString &why);
    void token(char kind, const QByteArray &text = {});
    void finishWord(const QByteArray &word, uchar next);
    void identifier(const QByteArray &word);
    void endStatement();
    bool copyShapeOk() const;
    void checkMeta();

    QString m_target;
    QString m_error;
    State m_state = State::Sql;
    bool m_again = false;
    qint64 m_line = 1;
    qint64 m_column = 0;
    // The statement psql is collecting.
    bool m_statementEmpty = true;
    bool m_sawStdin = false;
    bool m_capture = false; // the statement starts with COPY: its tokens are kept
    std::vector<Token> m_tokens;
    int m_parenDepth = 0, m_beginDepth = 0, m_identifierCount = 0;
    char m_identifiers[4] = {};
    bool m_copyPending = false; // a COPY ... FROM stdin ended on this line: data from the next
    // Per-state scratch.
    QByteArray m_word, m_tag, m_meta;
    qsizetype m_matched = 0; // of the closing dollar-quote delimiter
    int m_backslashes = 0, m_commentDepth = 0, m_copyPosition = 0;
    NumberPart m_number = NumberPart::Integer;
};
