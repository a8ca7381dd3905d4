#include "ui/metrictile.h"

#include <QVBoxLayout>

MetricTile::MetricTile(QWidget *parent)
    : QFrame(parent), m_caption(new QLabel(this)), m_value(new QLabel(this)), m_detail(new QLabel(this))
{
    setFrameShape(QFrame::StyledPanel);
    setObjectName(QStringLiteral("metricTile"));
    for (QLabel *l : {m_caption, m_value, m_detail})
        l->setTextFormat(Qt::PlainText);
    QFont big = m_value->font();
    big.setPointSizeF(big.pointSizeF() * 1.8);
    big.setBold(true);
    m_value->setFont(big);
    m_caption->setForegroundRole(QPalette::PlaceholderText);
    m_detail->setForegroundRole(QPalette::PlaceholderText);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 8, 12, 8);
    layout->setSpacing(2);
    layout->addWidget(m_caption);
    layout->addWidget(m_value);
    layout->addWidget(m_detail);
    setMinimumWidth(150);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

void MetricTile::setCaption(const QString &caption) { m_caption->setText(caption); }
void MetricTile::setValue(const QString &value) { m_value->setText(value); }
void MetricTile::setDetail(const QString &detail)
{
    // A narrow tile (a Japanese detail at 1280 px) wraps rather than cutting the line off.
    m_detail->setText(detail);
    m_detail->setWordWrap(true);
}

void MetricTile::setLevel(Level level)
{
    QPalette p = m_value->palette();
    switch (level) {
    case Level::Normal: p = palette(); break;
    case Level::Warning: p.setColor(QPalette::WindowText, QColor(0xd9, 0x7a, 0x00)); break;
    case Level::Critical: p.setColor(QPalette::WindowText, QColor(0xd0, 0x1c, 0x1c)); break;
    }
    m_value->setPalette(p);
}
