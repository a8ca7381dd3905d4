#pragma once

#include <QDialog>
#include <QJsonObject>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;

// Silence alerts matching some labels for a while, with a comment (why, who to ask).
class SilenceDialog final : public QDialog {
    Q_OBJECT
public:
    // matchers: prefilled, one per line ("rule=cpu_high").
    explicit SilenceDialog(const QStringList &matchers, QWidget *parent = nullptr);
    QStringList matchers() const;
    int durationSeconds() const;
    QString comment() const;
    // The request for silence.create.
    QJsonObject request() const;

private:
    void validate();
    QPlainTextEdit *m_matchers;
    QComboBox *m_duration;
    QLineEdit *m_comment;
    QLabel *m_hint;
    QDialogButtonBox *m_buttons;
};

// Add or change an alert rule (admins): name, expression, level, title, hold, enabled.
class RuleDialog final : public QDialog {
    Q_OBJECT
public:
    // rule: an entry of alert_rules.list to edit, or empty for a new rule.
    RuleDialog(const QJsonObject &rule, const QStringList &series, QWidget *parent = nullptr);
    QJsonObject request() const; // for alert_rule.set

private:
    void validate();
    QLineEdit *m_name, *m_expression, *m_title;
    QComboBox *m_level;
    QSpinBox *m_hold;
    QCheckBox *m_enabled;
    QLabel *m_hint;
    QDialogButtonBox *m_buttons;
};
