#pragma once

#include "app/tlstrust.h"

#include <QDialog>

class QLabel;
class QDialogButtonBox;
class QPushButton;

// A daemon's certificate put before the operator. Ask: an unverifiable certificate seen for
// the first time, with its fingerprint to compare against `formauto-opsd tls fingerprint`;
// trusting it pins it. Changed: a pinned server presented another certificate; the
// connection is refused and there is nothing to accept here.
class CertificateDialog final : public QDialog {
    Q_OBJECT
public:
    enum class Mode { Ask, Changed };
    CertificateDialog(Mode mode, const CertificateInfo &certificate, const QString &pinnedSha256, const QString &profile,
                      QWidget *parent = nullptr);

    Mode mode() const { return m_mode; }
    CertificateInfo certificate() const { return m_certificate; }
    // Two lines of 16 pairs, so it can be compared by eye.
    static QString groupedFingerprint(const QString &sha256);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();

    Mode m_mode;
    CertificateInfo m_certificate;
    QString m_pinned, m_profile;
    QLabel *m_icon, *m_headline, *m_explanation, *m_reasons, *m_advice;
    QLabel *m_serverLabel, *m_server, *m_subjectLabel, *m_subject, *m_issuerLabel, *m_issuer, *m_namesLabel, *m_names;
    QLabel *m_validLabel, *m_valid, *m_fingerprintLabel, *m_fingerprint, *m_pinnedLabel, *m_pinnedValue;
    QDialogButtonBox *m_buttons;
    QPushButton *m_trust = nullptr, *m_dismiss = nullptr;
};
