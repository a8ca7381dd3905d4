#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

// The Japanese catalogue is complete: nothing unfinished, vanished or empty in the file,
// and nothing in the sources that the file does not have yet (lupdate is run on a copy).
class tst_Translations final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void japaneseIsComplete();
    void sourcesHaveNoUntranslatedStrings();
    void englishHasNoGuesses();

private:
    struct Counts {
        int messages = 0, unfinished = 0, obsolete = 0, empty = 0;
        QStringList examples;
    };
    static Counts count(const QString &path);
};

tst_Translations::Counts tst_Translations::count(const QString &path)
{
    Counts c;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return c;
    QXmlStreamReader xml(&file);
    QString source;
    while (!xml.atEnd()) {
        if (!xml.readNextStartElement())
            continue;
        if (xml.name() == QLatin1StringView("message")) {
            ++c.messages;
        } else if (xml.name() == QLatin1StringView("source")) {
            source = xml.readElementText();
        } else if (xml.name() == QLatin1StringView("translation")) {
            const QString type = xml.attributes().value(u"type"_qs).toString();
            const QString text = xml.readElementText(QXmlStreamReader::IncludeChildElements);
            if (type == u"unfinished"_qs) {
                ++c.unfinished;
                c.examples << source;
            } else if (type == u"vanished"_qs || type == u"obsolete"_qs) {
                ++c.obsolete;
                c.examples << source;
            } else if (text.trimmed().isEmpty()) {
                ++c.empty;
                c.examples << source;
            }
        }
    }
    return c;
}

void tst_Translations::japaneseIsComplete()
{
    const QString ts = qEnvironmentVariable("FORMAUTO_SOURCE_DIR") + u"/translations/formauto-ops_ja.ts"_qs;
    const Counts c = count(ts);
    QVERIFY2(c.messages > 50, qPrintable(ts));
    QVERIFY2(c.unfinished == 0 && c.obsolete == 0 && c.empty == 0,
             qPrintable(u"unfinished/obsolete/empty: "_qs + c.examples.join(u" | "_qs)));
}

void tst_Translations::sourcesHaveNoUntranslatedStrings()
{
    const QString root = qEnvironmentVariable("FORMAUTO_SOURCE_DIR");
    QTemporaryDir dir;
    const QString copy = dir.filePath(u"formauto-ops_ja.ts"_qs);
    QVERIFY(QFile::copy(root + u"/translations/formauto-ops_ja.ts"_qs, copy));
    QFile::setPermissions(copy, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    QProcess lupdate;
    lupdate.setProcessChannelMode(QProcess::MergedChannels);
    lupdate.start(qEnvironmentVariable("FORMAUTO_LUPDATE"),
                  {u"-silent"_qs, u"-no-obsolete"_qs, u"-locations"_qs, u"none"_qs, root + u"/app"_qs, root + u"/ui"_qs,
                   u"-ts"_qs, copy});
    QVERIFY2(lupdate.waitForFinished(120000), "lupdate did not finish");
    QCOMPARE(lupdate.exitCode(), 0);
    const Counts c = count(copy);
    QVERIFY2(c.unfinished == 0, qPrintable(u"strings in the code without a Japanese translation: "_qs + c.examples.join(u" | "_qs)));
}

// The English catalogue holds only plural forms; lupdate's heuristics may fill an unfinished
// entry with a guess from a similar string ("%1: %2 {1:?}"), which lrelease would ship. An
// entry's text is empty or its source.
void tst_Translations::englishHasNoGuesses()
{
    QFile file(qEnvironmentVariable("FORMAUTO_SOURCE_DIR") + u"/translations/formauto-ops_en.ts"_qs);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QXmlStreamReader xml(&file);
    QString source;
    bool numerus = false;
    QStringList guesses;
    int messages = 0;
    while (!xml.atEnd()) {
        if (!xml.readNextStartElement())
            continue;
        if (xml.name() == QLatin1StringView("message")) {
            ++messages;
            numerus = xml.attributes().value(u"numerus"_qs) == u"yes"_qs;
        } else if (xml.name() == QLatin1StringView("source")) {
            source = xml.readElementText();
        } else if (xml.name() == QLatin1StringView("translation") && !numerus) {
            const QString text = xml.readElementText(QXmlStreamReader::IncludeChildElements);
            if (!text.isEmpty() && text != source)
                guesses << source + u" -> "_qs + text;
        }
    }
    QVERIFY(messages > 50);
    QVERIFY2(guesses.isEmpty(), qPrintable(guesses.join(u" | "_qs)));
}

QTEST_GUILESS_MAIN(tst_Translations)
#include "tst_translations.moc"
