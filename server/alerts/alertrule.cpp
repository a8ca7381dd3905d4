#include "server/alerts/alertrule.h"

#include "server/protocol/alert.h"

#include <QRegularExpression>

bool AlertRule::breached(double value) const
{
    switch (op) {
    case Op::Greater: return value > threshold;
    case Op::GreaterEqual: return value >= threshold;
    case Op::Less: return value < threshold;
    case Op::LessEqual: return value <= threshold;
    }
    return false;
}

QString AlertRule::expression() const
{
    static const char *ops[] = {">", ">=", "<", "<="};
    QString text = QStringLiteral("%1 %2 %3").arg(series, QLatin1StringView(ops[int(op)])).arg(threshold);
    if (forMs > 0)
        text += forMs % 60000 == 0 ? QStringLiteral(" for %1m").arg(forMs / 60000) : QStringLiteral(" for %1s").arg(forMs / 1000);
    return text;
}

std::optional<AlertRule> AlertRule::parse(const QString &name, const QString &expression, const QString &level, QString *error)
{
    static const QRegularExpression re(QStringLiteral(
        "^\\s*([A-Za-z0-9_./-]{1,120})\\s*(>=|<=|>|<)\\s*(-?\\d+(?:\\.\\d+)?)\\s*(?:for\\s+(\\d{1,6})([smh]))?\\s*$"));
    const auto m = re.match(expression);
    if (!m.hasMatch()) {
        *error = QStringLiteral("expected \"SERIES > NUMBER for DURATION\", e.g. \"cpu_percent > 80 for 2m\"");
        return std::nullopt;
    }
    if (!protocol::Alert::validLevel(level)) {
        *error = QStringLiteral("level must be info, warning, error or critical");
        return std::nullopt;
    }
    AlertRule r;
    r.name = name;
    r.series = m.captured(1);
    const QString op = m.captured(2);
    r.op = op == u">"_qs ? Op::Greater : op == u">="_qs ? Op::GreaterEqual : op == u"<"_qs ? Op::Less : Op::LessEqual;
    r.threshold = m.captured(3).toDouble();
    if (!m.captured(4).isEmpty()) {
        const qint64 n = m.captured(4).toLongLong();
        const QChar unit = m.captured(5).at(0);
        r.forMs = n * (unit == u's' ? 1000 : unit == u'm' ? 60000 : 3600000);
    }
    r.level = level;
    r.title = QStringLiteral("%1 %2 %3").arg(r.series, op).arg(r.threshold);
    return r;
}

QList<AlertRule> AlertRule::defaults()
{
    struct Spec {
        const char *name, *expression, *level, *title;
    };
    static const Spec specs[] = {
        {"cpu_high", "cpu_percent > 80 for 2m", "warning", "CPU usage above 80 %"},
        {"cpu_critical", "cpu_percent > 95 for 1m", "critical", "CPU usage above 95 %"},
        {"memory_high", "memory.percent > 85 for 2m", "warning", "Memory usage above 85 %"},
        {"memory_critical", "memory.percent > 95 for 1m", "critical", "Memory usage above 95 %"},
        {"disk_high", "disk.percent > 90 for 5m", "error", "Disk usage above 90 %"},
        {"task_success_low", "tasks.success_rate < 50 for 10m", "warning", "Task success rate below 50 %"},
    };
    QList<AlertRule> rules;
    QString error;
    for (const Spec &s : specs) {
        auto r = parse(QString::fromLatin1(s.name), QString::fromLatin1(s.expression), QString::fromLatin1(s.level), &error);
        r->title = QString::fromLatin1(s.title);
        rules.append(*r);
    }
    return rules;
}
