#include "ui/certificatedialog.h"

#include "app/formatting.h"

#include <QDialogButtonBox>
#include <QEvent>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStyle>
#include <QVBoxLayout>

CertificateDialog::CertificateDialog(Mode mode, const CertificateInfo &certificate, const QString &pinnedSha256,
                                     const QString &profile, QWidget *parent)
    : QDialog(parent), m_mode(mode), m_certificate(certificate), m_pinned(pinnedSha256), m_profile(profile)
{
    setObjectName(mode == Mode::Ask ? u"certificateTrustDialog"_qs : u"certificateChangedDialog"_qs);
    const auto label = [this](const QString &name = {}) {
        auto *l = new QLabel(this);
        l->setTextFormat(Qt::PlainText); // everything here comes from the server's certificate
        l->setWordWrap(true);
        l->setObjectName(name);
        return l;
    };
    m_icon = new QLabel(this);
    const int iconSize = style()->pixelMetric(QStyle::PM_MessageBoxIconSize, nullptr, this);
    m_icon->setPixmap(style()->standardIcon(mode == Mode::Ask ? QStyle::SP_MessageBoxQuestion : QStyle::SP_MessageBoxCritical)
                          .pixmap(iconSize, iconSize));
    m_icon->setAlignment(Qt::AlignTop);
    m_headline = label(u"headline"_qs);
    QFont big = m_headline->font();
    big.setBold(true);
    big.setPointSizeF(big.pointSizeF() * 1.15);
    m_headline->setFont(big);
    m_explanation = label(u"explanation"_qs);
    m_reasons = label(u"reasons"_qs);
    m_advice = label(u"advice"_qs);

    m_serverLabel = label();
    m_server = label(u"server"_qs);
    m_subjectLabel = label();
    m_subject = label(u"subject"_qs);
    m_issuerLabel = label();
    m_issuer = label(u"issuer"_qs);
    m_namesLabel = label();
    m_names = label(u"names"_qs);
    m_validLabel = label();
    m_valid = label(u"validity"_qs);
    m_fingerprintLabel = label();
    m_fingerprint = label(u"fingerprint"_qs);
    m_pinnedLabel = label();
    m_pinnedValue = label(u"pinnedFingerprint"_qs);
    // Short values stay on one line (a wrapped label in a form gets a wrong height); the list
    // of names may be long and wraps within a fixed width.
    for (QLabel *l : {m_server, m_subject, m_issuer, m_valid, m_serverLabel, m_subjectLabel, m_issuerLabel, m_namesLabel,
                      m_validLabel, m_fingerprintLabel, m_pinnedLabel})
        l->setWordWrap(false);
    m_names->setMinimumWidth(420);
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    for (QLabel *l : {m_fingerprint, m_pinnedValue}) {
        l->setFont(mono);
        l->setWordWrap(false);
        l->setTextInteractionFlags(Qt::TextSelectableByMouse);
        l->setMinimumHeight(QFontMetrics(mono).lineSpacing() * 2 + 4); // two lines, whatever font the row's label has
    }
    if (mode == Mode::Changed) {
        m_pinnedValue->setStyleSheet(u"color: #1b5e20;"_qs);
        m_fingerprint->setStyleSheet(u"color: #b00020; font-weight: bold;"_qs);
    }

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    form->addRow(m_serverLabel, m_server);
    if (mode == Mode::Changed)
        form->addRow(m_pinnedLabel, m_pinnedValue);
    form->addRow(m_fingerprintLabel, m_fingerprint);
    form->addRow(m_subjectLabel, m_subject);
    form->addRow(m_issuerLabel, m_issuer);
    form->addRow(m_namesLabel, m_names);
    form->addRow(m_validLabel, m_valid);
    m_pinnedLabel->setVisible(mode == Mode::Changed);
    m_pinnedValue->setVisible(mode == Mode::Changed);

    // Own buttons, not standard ones: a button box renames standard buttons on a language change.
    m_buttons = new QDialogButtonBox(this);
    if (mode == Mode::Ask) {
        m_trust = m_buttons->addButton(QString(), QDialogButtonBox::AcceptRole);
        m_trust->setObjectName(u"trustButton"_qs);
        m_trust->setAutoDefault(false);
        m_dismiss = m_buttons->addButton(QString(), QDialogButtonBox::RejectRole);
        m_dismiss->setDefault(true); // Enter does not trust by accident
        m_dismiss->setFocus();
        connect(m_trust, &QPushButton::clicked, this, &QDialog::accept);
    } else {
        m_dismiss = m_buttons->addButton(QString(), QDialogButtonBox::RejectRole);
        m_dismiss->setDefault(true);
    }
    connect(m_dismiss, &QPushButton::clicked, this, &QDialog::reject);

    auto *text = new QVBoxLayout;
    text->addWidget(m_headline);
    text->addWidget(m_explanation);
    text->addWidget(m_reasons);
    text->addSpacing(6);
    text->addLayout(form);
    text->addSpacing(6);
    text->addWidget(m_advice);
    auto *top = new QHBoxLayout;
    top->addWidget(m_icon);
    top->addSpacing(8);
    top->addLayout(text, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_buttons);

    retranslateUi();
    setMinimumWidth(640);
}

QString CertificateDialog::groupedFingerprint(const QString &sha256)
{
    if (sha256.size() <= 48)
        return sha256;
    return sha256.left(47) + u'\n' + sha256.mid(48);
}

void CertificateDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QDialog::changeEvent(event);
}

void CertificateDialog::retranslateUi()
{
    const CertificateInfo &c = m_certificate;
    if (m_mode == Mode::Ask) {
        setWindowTitle(tr("Unknown certificate"));
        m_headline->setText(tr("Trust the certificate of %1?").arg(c.server));
        m_explanation->setText(tr("The daemon presented a certificate that this computer cannot verify, so it cannot tell the "
                                  "real daemon from someone in between. Nothing has been sent to it yet."));
        QStringList reasons;
        for (QSslError::SslError e : c.errors)
            reasons << u"• "_qs + TlsTrust::errorText(e);
        m_reasons->setText(reasons.join(u'\n'));
        m_advice->setText(tr("Compare the fingerprint with what `formauto-opsd tls fingerprint` prints on the daemon's host. "
                             "Trust it only if they are the same: it is then pinned in the profile and not asked again, and "
                             "any other certificate from this server will be refused."));
        m_trust->setText(tr("Trust and connect"));
        m_dismiss->setText(tr("Cancel"));
    } else {
        setWindowTitle(tr("Certificate changed"));
        m_headline->setText(tr("The certificate of %1 has changed. The console did not connect.").arg(c.server));
        m_explanation->setText(tr("The daemon presented a different certificate from the one pinned for this server. Someone may "
                                  "be intercepting the connection, or the daemon's certificate was replaced. No password or "
                                  "token was sent."));
        m_reasons->setVisible(false);
        m_advice->setText(m_profile.isEmpty()
                              ? tr("If the change is expected (ask whoever runs the daemon, and compare the new fingerprint with "
                                   "`formauto-opsd tls fingerprint`), forget the pinned certificate in File > Connect… and connect "
                                   "again.")
                              : tr("If the change is expected (ask whoever runs the daemon, and compare the new fingerprint with "
                                   "`formauto-opsd tls fingerprint`), forget the pinned certificate of the profile \"%1\" in "
                                   "File > Connect… and connect again.")
                                    .arg(m_profile));
        m_dismiss->setText(tr("Close"));
    }
    m_serverLabel->setText(tr("Server:"));
    m_server->setText(c.server);
    m_subjectLabel->setText(tr("Issued to:"));
    m_subject->setText(c.subject.isEmpty() ? tr("(no name)") : c.subject);
    m_issuerLabel->setText(tr("Issued by:"));
    m_issuer->setText(c.selfSigned ? tr("%1 (self-signed)").arg(c.issuer) : c.issuer);
    m_namesLabel->setText(tr("Names:"));
    m_names->setText(c.names.isEmpty() ? tr("(none)") : c.names.join(u", "_qs));
    m_validLabel->setText(tr("Valid:"));
    m_valid->setText(tr("%1 to %2").arg(formatting::dateTime(c.notBefore.toMSecsSinceEpoch()),
                                         formatting::dateTime(c.notAfter.toMSecsSinceEpoch())));
    m_fingerprintLabel->setText(m_mode == Mode::Ask ? tr("SHA-256 fingerprint:") : tr("Presented now (SHA-256):"));
    m_fingerprint->setText(groupedFingerprint(c.sha256));
    m_pinnedLabel->setText(tr("Pinned (SHA-256):"));
    m_pinnedValue->setText(groupedFingerprint(m_pinned));
    adjustSize(); // the texts' lengths differ between languages
}
