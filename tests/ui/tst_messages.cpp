// Every message key the daemon can send has a rendering in the console's languages, the
// daemon sends no key outside its catalogue, and a language switch leaves no widget behind.
#include "app/errortext.h"
#include "app/languagemanager.h"
#include "app/messagetext.h"
#include "app/opsclient.h"
#include "app/serverprofiles.h"
#include "server/protocol/messagecatalogue.h"
#include "ui/mainwindow.h"
#include "ui/metricchart.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAction>
#include <QDirIterator>
#include <QGroupBox>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

namespace {

bool hasJapanese(const QString &s)
{
    static const QRegularExpression cjk(QStringLiteral("[\\x{3040}-\\x{30ff}\\x{4e00}-\\x{9fff}]"));
    return cjk.match(s).hasMatch();
}

bool hasPlaceholder(const QString &s)
{
    static const QRegularExpression placeholder(QStringLiteral("%[0-9n]|\\{[a-z_]+\\}"));
    return placeholder.match(s).hasMatch();
}

protocol::Alert alertFor(const protocol::MessageKey &m)
{
    protocol::Alert a;
    a.id = u"a1"_qs;
    a.rule = u"custom"_qs;
    a.level = u"error"_qs;
    // The daemon's English title; a threshold rule without a title of its own is named by its
    // expression ("cpu_percent > 95").
    a.title = m.key == u"alert.threshold"_qs ? u"cpu_percent > 95"_qs : protocol::englishMessage(m.key, m.example);
    a.message = a.title;
    a.details = {{u"message_key"_qs, m.key}, {u"params"_qs, m.example}};
    return a;
}

// Every text a person can read in a widget tree, keyed by where it is.
QHash<QString, QString> visibleTexts(QWidget *root)
{
    QHash<QString, QString> out;
    int n = 0;
    auto add = [&](QObject *o, const QString &what, const QString &text) {
        if (!text.trimmed().isEmpty())
            out.insert(QStringLiteral("%1#%2 %3 %4").arg(QString::fromLatin1(o->metaObject()->className())).arg(quintptr(o)).arg(what).arg(n++),
                       text);
    };
    QList<QWidget *> widgets = root->findChildren<QWidget *>();
    widgets.prepend(root);
    for (QWidget *w : std::as_const(widgets)) {
        n = 0;
        add(w, u"tooltip"_qs, w->toolTip());
        if (auto *l = qobject_cast<QLabel *>(w))
            add(w, u"text"_qs, l->text());
        if (auto *b = qobject_cast<QAbstractButton *>(w))
            add(w, u"text"_qs, b->text());
        if (auto *e = qobject_cast<QLineEdit *>(w))
            add(w, u"placeholder"_qs, e->placeholderText());
        if (auto *g = qobject_cast<QGroupBox *>(w))
            add(w, u"title"_qs, g->title());
        if (auto *t = qobject_cast<QTabWidget *>(w)) {
            for (int i = 0; i < t->count(); ++i)
                add(w, u"tab"_qs, t->tabText(i));
        }
        if (auto *lw = qobject_cast<QListWidget *>(w)) {
            for (int i = 0; i < lw->count(); ++i)
                add(w, u"item"_qs, lw->item(i)->text());
        }
        if (auto *h = qobject_cast<QHeaderView *>(w); h && h->model()) {
            for (int i = 0; i < (h->orientation() == Qt::Horizontal ? h->model()->columnCount() : 0); ++i)
                add(w, u"header"_qs, h->model()->headerData(i, Qt::Horizontal).toString());
        }
        if (auto *c = qobject_cast<MetricChart *>(w)) {
            add(w, u"chart"_qs, c->chart()->title());
            for (QAbstractSeries *s : c->chart()->series())
                add(w, u"series"_qs, s->name());
        }
        for (QAction *a : w->actions()) {
            add(a, u"action"_qs, a->text());
            if (a->menu()) {
                add(a->menu(), u"menu"_qs, a->menu()->title());
                for (QAction *sub : a->menu()->actions())
                    add(sub, u"action"_qs, sub->text());
            }
        }
    }
    return out;
}

// Words that are the same in both languages: names, units, protocols.
bool sameInBothLanguages(const QString &text)
{
    static const QSet<QString> same{u"CPU"_qs, u"FormAuto Ops"_qs, u"English"_qs, u"日本語"_qs, u"/"_qs, u"–"_qs};
    QString t = text;
    t.remove(QRegularExpression(QStringLiteral("&(?=\\w)")));
    if (same.contains(t))
        return true;
    // No word of two or more Latin letters other than known names: a number, a path, a unit.
    static const QRegularExpression word(QStringLiteral("\\b(?!CPU\\b|TLS\\b|HTTP\\b|API\\b|URL\\b|SHA\\b|CSV\\b|PNG\\b|KiB\\b|MiB\\b|GiB\\b|ws\\b|wss\\b|Esc\\b|F5\\b|Ctrl\\b)[A-Za-z]{2,}"));
    return !word.match(t).hasMatch();
}

} // namespace

class tst_Messages final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void everyKeyIsWordedInJapanese();
    void daemonSendsOnlyCatalogueKeys();
    void languageSwitchLeavesNothingBehind();

private:
    QTemporaryDir m_dir;
};

void tst_Messages::everyKeyIsWordedInJapanese()
{
    LanguageManager language;
    QVERIFY(protocol::messageCatalogue().size() >= 80);
    for (LanguageManager::Language l : {LanguageManager::Language::Japanese, LanguageManager::Language::English}) {
        language.setLanguage(l);
        const bool ja = l == LanguageManager::Language::Japanese;
        for (const protocol::MessageKey &m : protocol::messageCatalogue()) {
            const QString text = messages::text(m.key, m.example);
            QVERIFY2(!text.isEmpty(), qPrintable(u"no rendering of "_qs + m.key));
            QVERIFY2(!hasPlaceholder(text), qPrintable(m.key + u": "_qs + text));
            QVERIFY2(!text.contains(m.key), qPrintable(m.key + u" shows its key: "_qs + text));
            if (ja)
                QVERIFY2(hasJapanese(text), qPrintable(m.key + u" is not Japanese: "_qs + text));
            else
                QVERIFY2(!hasJapanese(text), qPrintable(m.key + u": "_qs + text));
            if (m.key.startsWith(u"alert."_qs)) {
                const protocol::Alert a = alertFor(m);
                const QString title = messages::alertTitle(a);
                QVERIFY2(!hasPlaceholder(title) && !title.isEmpty(), qPrintable(m.key + u" title: "_qs + title));
                if (ja) {
                    QVERIFY2(hasJapanese(title), qPrintable(m.key + u" title is not Japanese: "_qs + title));
                    QVERIFY2(hasJapanese(messages::alertMessage(a)), qPrintable(m.key));
                }
            }
        }
    }
    // The built-in rules' titles, in Japanese; an operator's own title stays theirs.
    language.setLanguage(LanguageManager::Language::Japanese);
    protocol::Alert cpu;
    cpu.rule = u"cpu_critical"_qs;
    cpu.title = u"CPU usage above 95 %"_qs;
    cpu.details = {{u"message_key"_qs, u"alert.threshold"_qs}};
    QVERIFY2(hasJapanese(messages::alertTitle(cpu)), qPrintable(messages::alertTitle(cpu)));
    cpu.title = u"Web tier hot"_qs;
    QCOMPARE(messages::alertTitle(cpu), u"Web tier hot"_qs);
    // An unknown key (a newer daemon) is never shown as a key: the English message is.
    protocol::Alert future;
    future.message = u"Something new happened"_qs;
    future.details = {{u"message_key"_qs, u"alert.something_new"_qs}};
    QCOMPARE(messages::alertMessage(future), u"Something new happened"_qs);
    QVERIFY(messages::healthReason(u"health.something_new"_qs).isEmpty());

    // A refusal with a key is said in the operator's words; without one (or with one this
    // console does not know) the code's sentence and the daemon's English detail.
    const protocol::ErrorInfo throttled(u"rate_limited"_qs, u"too many failed logins; try again later"_qs, u"error.login_throttled"_qs);
    QVERIFY2(hasJapanese(errorText(throttled)) && !errorText(throttled).contains(u"error."_qs), qPrintable(errorText(throttled)));
    const protocol::ErrorInfo newer(u"rate_limited"_qs, u"slow down"_qs, u"error.something_new"_qs);
    QCOMPARE(errorText(newer), errorText(u"rate_limited"_qs) + u" slow down"_qs);
    // Objects that carry a message: the key's words, else the English as sent.
    const QJsonObject run{{u"message"_qs, u"every backup is verified"_qs}, {u"message_key"_qs, u"job.all_verified"_qs}};
    QVERIFY2(hasJapanese(messages::carried(run, u"message"_qs)), qPrintable(messages::carried(run, u"message"_qs)));
    QCOMPARE(messages::carried(QJsonObject{{u"detail"_qs, u"disk on fire"_qs}}, u"detail"_qs), u"disk on fire"_qs);
    language.setLanguage(LanguageManager::Language::English);
    QCOMPARE(messages::carried(run, u"message"_qs), u"every backup is verified"_qs);
}

void tst_Messages::daemonSendsOnlyCatalogueKeys()
{
    // The daemon's sources: every key it sets, every timeline event it records.
    const QString root = qEnvironmentVariable("FORMAUTO_SOURCE_DIR") + u"/server"_qs;
    QVERIFY(QFileInfo(root).isDir());
    static const QRegularExpression keyUse(
        QStringLiteral("(?:messageKey\\s*=\\s*(?:[^;]*\\?\\s*)?(?:u\"|QStringLiteral\\(\")|message_key\"_qs,\\s*u\")((?:alert|health)\\.[a-z_]+)\""));
    static const QRegularExpression secondKey(QStringLiteral(":\\s*u\"(health\\.[a-z_]+)\"_qs"));
    static const QRegularExpression failedKey(QStringLiteral("(?:failed\\(|\\?\\s*)u\"(health\\.[a-z_]+)\"_qs"));
    static const QRegularExpression eventUse(
        QStringLiteral("(?:recordEvent\\([^,]+,\\s*|save\\(\\*?[a-z]+,\\s*)(?:QStringLiteral\\(\"|u\")([a-z_]+)\""));
    static const QRegularExpression eventChoice(QStringLiteral("recordEvent\\([^,]+,\\s*ok \\? u\"([a-z_]+)\"_qs : u\"([a-z_]+)\"_qs"));
    // Errors, query faults, job results, restore steps and bundle faults: any literal of these
    // families (nothing else in the daemon is spelt so); backup.* outcomes in the backup code
    // (elsewhere backup.create and friends are audit actions).
    static const QRegularExpression detailKey(QStringLiteral("\"((?:error|query|job|restore|bundle|backup_reason|retention)\\.[a-z_]+)\""));
    static const QRegularExpression backupKey(QStringLiteral("\"(backup\\.[a-z_]+)\""));
    QSet<QString> used;
    QDirIterator it(root, {u"*.cpp"_qs}, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QString source = QString::fromUtf8(f.readAll());
        if (path.endsWith(u"/messagecatalogue.cpp"_qs))
            continue;
        for (auto m = detailKey.globalMatch(source); m.hasNext();)
            used.insert(m.next().captured(1));
        if (path.contains(u"/backup/"_qs)) {
            for (auto m = backupKey.globalMatch(source); m.hasNext();)
                used.insert(m.next().captured(1));
        }
        for (const QRegularExpression *re : {&keyUse, &secondKey, &failedKey}) {
            for (auto m = re->globalMatch(source); m.hasNext();)
                used.insert(m.next().captured(1));
        }
        for (auto m = eventUse.globalMatch(source); m.hasNext();)
            used.insert(u"event."_qs + m.next().captured(1));
        for (auto m = eventChoice.globalMatch(source); m.hasNext();) {
            const auto match = m.next();
            used.insert(u"event."_qs + match.captured(1));
            used.insert(u"event."_qs + match.captured(2));
        }
    }
    // What the scan must at least find (so that a broken pattern cannot pass quietly).
    for (const char *known : {"alert.threshold", "alert.health_failed", "alert.job_failed", "health.no_channel", "health.timeout",
                              "event.fired", "event.acknowledged", "event.escalated", "event.notified", "event.notification_failed",
                              "error.login_throttled", "query.no_operator", "job.retention_done", "job.failed", "backup.drill_ok",
                              "restore.own_store", "bundle.row_changed", "backup_reason.safety", "retention.newest_verified"})
        QVERIFY2(used.contains(QString::fromLatin1(known)), known);
    for (const QString &key : std::as_const(used))
        QVERIFY2(protocol::findMessageKey(key), qPrintable(key + u" is sent by the daemon but not in its catalogue"_qs));

    // The daemon publishes the same catalogue.
    const QString opsd = qEnvironmentVariable("FORMAUTO_OPSD");
    QVERIFY2(QFileInfo(opsd).isExecutable(), "FORMAUTO_OPSD names the daemon");
    QProcess p;
    p.start(opsd, {u"messages"_qs});
    QVERIFY(p.waitForFinished(10000));
    QCOMPARE(p.exitCode(), 0);
    const QJsonArray published = QJsonDocument::fromJson(p.readAllStandardOutput()).array();
    QCOMPARE(published.size(), protocol::messageCatalogue().size());
    QCOMPARE(published.first().toObject().value(u"key"_qs).toString(), protocol::messageCatalogue().first().key);
}

void tst_Messages::languageSwitchLeavesNothingBehind()
{
    OpsClient client;
    LanguageManager language;
    language.setLanguage(LanguageManager::Language::Japanese);
    ServerProfilesModel profiles(std::make_unique<QSettings>(m_dir.filePath(u"m.ini"_qs), QSettings::IniFormat));
    MainWindow window(&client, &language, &profiles, nullptr, m_dir.path());
    window.resize(1280, 800);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    // ja -> en: nothing Japanese is left (but the language's own name in its menu).
    language.setLanguage(LanguageManager::Language::English);
    QTest::qWait(50);
    const QHash<QString, QString> english = visibleTexts(&window);
    QVERIFY(english.size() > 100);
    QStringList left;
    for (auto it = english.cbegin(); it != english.cend(); ++it) {
        if (hasJapanese(it.value()) && it.value() != u"日本語"_qs)
            left << it.key() + u": "_qs + it.value();
    }
    QVERIFY2(left.isEmpty(), qPrintable(left.join(u'\n')));
    // en -> ja: no text a person reads is still the English one.
    language.setLanguage(LanguageManager::Language::Japanese);
    QTest::qWait(50);
    const QHash<QString, QString> japanese = visibleTexts(&window);
    int changed = 0;
    for (auto it = japanese.cbegin(); it != japanese.cend(); ++it) {
        if (english.value(it.key()) == it.value() && !sameInBothLanguages(it.value()))
            left << it.key() + u": "_qs + it.value();
        changed += english.contains(it.key()) && english.value(it.key()) != it.value() ? 1 : 0;
    }
    QVERIFY2(changed > 100, qPrintable(QString::number(changed))); // the walk saw the window's words
    QVERIFY2(left.isEmpty(), qPrintable(left.join(u'\n')));
}

QTEST_MAIN(tst_Messages)
#include "tst_messages.moc"
