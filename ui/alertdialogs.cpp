#include "ui/alertdialogs.h"

#include "app/alertsmodel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>

namespace {
// The same shapes the daemon accepts; it checks again and has the last word.
const QRegularExpression &matcherPattern()
{
    static const QRegularExpression re(QStringLiteral("^\\s*[a-z_][a-z0-9_]{0,40}\\s*(=~|!=|=)\\s*.{1,200}$"));
    return re;
}
} // namespace

SilenceDialog::SilenceDialog(const QStringList &matchers, QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Silence alerts"));
    auto *form = new QFormLayout(this);
    m_matchers = new QPlainTextEdit(this);
    m_matchers->setPlainText(matchers.join(u'\n'));
    m_matchers->setTabChangesFocus(true);
    m_matchers->setFixedHeight(fontMetrics().lineSpacing() * 4 + 12);
    form->addRow(tr("Matchers (one per line):"), m_matchers);
    auto *help = new QLabel(tr("LABEL=VALUE, LABEL!=VALUE or LABEL=~REGEX; labels: rule, level, fingerprint, channel. All must match."), this);
    help->setWordWrap(true);
    help->setTextFormat(Qt::PlainText);
    form->addRow(QString(), help);
    m_duration = new QComboBox(this);
    const std::pair<int, const char *> durations[] = {
        {3600, QT_TR_NOOP("1 hour")}, {4 * 3600, QT_TR_NOOP("4 hours")}, {8 * 3600, QT_TR_NOOP("8 hours")},
        {86400, QT_TR_NOOP("1 day")}, {7 * 86400, QT_TR_NOOP("1 week")},
    };
    for (const auto &[seconds, text] : durations)
        m_duration->addItem(tr(text), seconds);
    m_duration->setCurrentIndex(1);
    form->addRow(tr("For:"), m_duration);
    m_comment = new QLineEdit(this);
    m_comment->setMaxLength(1000);
    m_comment->setPlaceholderText(tr("Why, and who to ask"));
    form->addRow(tr("Comment:"), m_comment);
    m_hint = new QLabel(this);
    m_hint->setTextFormat(Qt::PlainText);
    form->addRow(m_hint);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Silence"));
    form->addRow(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_matchers, &QPlainTextEdit::textChanged, this, &SilenceDialog::validate);
    connect(m_comment, &QLineEdit::textChanged, this, &SilenceDialog::validate);
    validate();
}

QStringList SilenceDialog::matchers() const
{
    QStringList out;
    for (const QString &line : m_matchers->toPlainText().split(u'\n')) {
        if (!line.trimmed().isEmpty())
            out.append(line.trimmed());
    }
    return out;
}

int SilenceDialog::durationSeconds() const
{
    return m_duration->currentData().toInt();
}

QString SilenceDialog::comment() const
{
    return m_comment->text().trimmed();
}

QJsonObject SilenceDialog::request() const
{
    return {{u"matchers"_qs, QJsonArray::fromStringList(matchers())}, {u"duration_seconds"_qs, durationSeconds()},
            {u"comment"_qs, comment()}};
}

void SilenceDialog::validate()
{
    QString problem;
    const QStringList list = matchers();
    if (list.isEmpty())
        problem = tr("Add at least one matcher.");
    for (const QString &m : list) {
        if (!matcherPattern().match(m).hasMatch()) {
            problem = tr("Not a matcher: %1").arg(m.left(80));
            break;
        }
    }
    if (problem.isEmpty() && comment().isEmpty())
        problem = tr("A comment is required.");
    m_hint->setText(problem);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(problem.isEmpty());
}

RuleDialog::RuleDialog(const QJsonObject &rule, const QStringList &series, QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(rule.isEmpty() ? tr("New alert rule") : tr("Edit alert rule"));
    auto *form = new QFormLayout(this);
    m_name = new QLineEdit(rule.value(u"name"_qs).toString(), this);
    m_name->setReadOnly(!rule.isEmpty());
    m_name->setMaxLength(64);
    m_name->setPlaceholderText(QStringLiteral("cpu_high"));
    form->addRow(tr("Name:"), m_name);
    m_expression = new QLineEdit(rule.value(u"expression"_qs).toString(), this);
    m_expression->setPlaceholderText(QStringLiteral("cpu_percent > 80 for 2m"));
    m_expression->setMaxLength(300);
    form->addRow(tr("Condition:"), m_expression);
    auto *help = new QLabel(tr("SERIES > NUMBER for DURATION (> >= < <=; 30s, 2m, 1h). Series: %1").arg(series.mid(0, 14).join(u", ")), this);
    help->setWordWrap(true);
    help->setTextFormat(Qt::PlainText);
    form->addRow(QString(), help);
    m_level = new QComboBox(this);
    for (const QString &level : {u"info"_qs, u"warning"_qs, u"error"_qs, u"critical"_qs})
        m_level->addItem(AlertsModel::levelText(level), level);
    m_level->setCurrentIndex(qMax(0, m_level->findData(rule.value(u"level"_qs).toString(u"warning"_qs))));
    form->addRow(tr("Level:"), m_level);
    m_title = new QLineEdit(rule.value(u"title"_qs).toString(), this);
    m_title->setMaxLength(200);
    form->addRow(tr("Title:"), m_title);
    m_hold = new QSpinBox(this);
    m_hold->setRange(0, 86400);
    m_hold->setSuffix(tr(" s"));
    m_hold->setValue(rule.value(u"hold_seconds"_qs).toInt(60));
    form->addRow(tr("Resolve after clear for:"), m_hold);
    m_enabled = new QCheckBox(tr("Enabled"), this);
    m_enabled->setChecked(rule.value(u"enabled"_qs).toBool(true));
    form->addRow(QString(), m_enabled);
    m_hint = new QLabel(this);
    m_hint->setTextFormat(Qt::PlainText);
    form->addRow(m_hint);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    form->addRow(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_name, &QLineEdit::textChanged, this, &RuleDialog::validate);
    connect(m_expression, &QLineEdit::textChanged, this, &RuleDialog::validate);
    validate();
}

QJsonObject RuleDialog::request() const
{
    return {{u"name"_qs, m_name->text().trimmed()}, {u"expression"_qs, m_expression->text().trimmed()},
            {u"level"_qs, m_level->currentData().toString()}, {u"title"_qs, m_title->text().trimmed()},
            {u"hold_seconds"_qs, m_hold->value()}, {u"enabled"_qs, m_enabled->isChecked()}};
}

void RuleDialog::validate()
{
    static const QRegularExpression name(QStringLiteral("^[a-z0-9_.-]{1,64}$"));
    static const QRegularExpression expression(QStringLiteral(
        "^\\s*[A-Za-z0-9_./-]{1,120}\\s*(>=|<=|>|<)\\s*-?\\d+(\\.\\d+)?\\s*(for\\s+\\d{1,6}[smh])?\\s*$"));
    QString problem;
    if (!name.match(m_name->text().trimmed()).hasMatch())
        problem = tr("The name is 1-64 of a-z 0-9 _ . -");
    else if (!expression.match(m_expression->text()).hasMatch())
        problem = tr("The condition reads like \"cpu_percent > 80 for 2m\".");
    m_hint->setText(problem);
    m_buttons->button(QDialogButtonBox::Save)->setEnabled(problem.isEmpty());
}
