#pragma once

#include <QFrame>
#include <QLabel>

// One figure at a glance: a caption, the current value, and a line of context.
class MetricTile final : public QFrame {
    Q_OBJECT
public:
    explicit MetricTile(QWidget *parent = nullptr);
    void setCaption(const QString &caption);
    void setValue(const QString &value);
    void setDetail(const QString &detail);
    // Warning and critical levels colour the value (thresholds from the ticket).
    enum class Level { Normal, Warning, Critical };
    void setLevel(Level level);
    QString value() const { return m_value->text(); }
    QString caption() const { return m_caption->text(); }

private:
    QLabel *m_caption;
    QLabel *m_value;
    QLabel *m_detail;
};
