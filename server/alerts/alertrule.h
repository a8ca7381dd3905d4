#pragma once

#include <QList>
#include <QString>
#include <optional>

// A threshold on a published series held for a while: "cpu_percent > 80 for 2m".
// It resolves only after the condition has been false for holdMs (no flapping).
struct AlertRule {
    QString name;
    QString series; // a protocol::seriesOf() name: cpu_percent, memory.percent, disk.percent, tasks.success_rate, ...
    enum class Op { Greater, GreaterEqual, Less, LessEqual } op = Op::Greater;
    double threshold = 0;
    qint64 forMs = 0;
    qint64 holdMs = 60000;
    QString level = QStringLiteral("warning");
    QString title; // English; the console shows its own text for known rules

    bool breached(double value) const;
    QString expression() const; // "cpu_percent > 80 for 2m"

    // Parses "SERIES OP NUMBER [for DURATION]" (OP: > >= < <=; DURATION: 30s, 2m, 1h).
    static std::optional<AlertRule> parse(const QString &name, const QString &expression, const QString &level, QString *error);
    // The ticket's thresholds: CPU 80 %, memory 85 %, disk 90 %, and a falling task success rate.
    static QList<AlertRule> defaults();
};
