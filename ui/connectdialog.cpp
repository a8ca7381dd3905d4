#include "ui/connectdialog.h"

#include "app/serveraddress.h"
#include "ui/certificatedialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QEvent>
#include <QFileDialog>
#include <QFontDatabase>
#include <QMessageBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

ConnectDialog::ConnectDialog(ServerProfilesModel *profiles, QWidget *parent)
    : QDialog(parent), m_profiles(profiles)
{
    m_profile = new QComboBox(this);
    m_profile->setModel(profiles);
    m_name = new QLineEdit(this);
    m_url = new QLineEdit(QStringLiteral("ws://127.0.0.1:8765"), this);
    m_username = new QLineEdit(QStringLiteral("admin"), this);
    m_password = new QLineEdit(this);
    m_password->setEchoMode(QLineEdit::Password);
    m_token = new QLineEdit(this);
    m_token->setEchoMode(QLineEdit::Password);
    m_usePassword = new QRadioButton(this);
    m_useToken = new QRadioButton(this);
    m_usePassword->setChecked(true);
    m_remember = new QCheckBox(this);
    m_save = new QCheckBox(this);
    m_save->setChecked(true);
    m_error = new QLabel(this);
    m_error->setTextFormat(Qt::PlainText);
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #b00020;"));
    m_error->hide();
    m_profileLabel = new QLabel(this);
    m_nameLabel = new QLabel(this);
    m_urlLabel = new QLabel(this);
    m_usernameLabel = new QLabel(this);
    m_passwordLabel = new QLabel(this);
    m_tokenLabel = new QLabel(this);
    m_insecure = new QLabel(this);
    m_insecure->setObjectName(u"insecureWarning"_qs);
    m_insecure->setTextFormat(Qt::PlainText);
    m_insecure->setWordWrap(true);
    m_insecure->setStyleSheet(QStringLiteral("color: #8a4b00;"));
    m_caLabel = new QLabel(this);
    m_caFile = new QLineEdit(this);
    m_caFile->setObjectName(u"caFile"_qs);
    m_browseCa = new QPushButton(this);
    connect(m_browseCa, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("CA certificate to trust"), m_caFile->text(),
                                                          tr("PEM certificates (*.pem *.crt *.cer);;All files (*)"));
        if (!path.isEmpty())
            m_caFile->setText(path);
    });
    m_pinLabel = new QLabel(this);
    m_pinValue = new QLabel(this);
    m_pinValue->setObjectName(u"pinnedFingerprint"_qs);
    m_pinValue->setTextFormat(Qt::PlainText);
    m_pinValue->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_pinValue->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_forgetPin = new QPushButton(this);
    m_forgetPin->setObjectName(u"forgetPin"_qs);
    connect(m_forgetPin, &QPushButton::clicked, this, [this] { forgetPin(true); });

    auto *form = m_form = new QFormLayout;
    form->addRow(m_profileLabel, m_profile);
    form->addRow(m_nameLabel, m_name);
    form->addRow(m_urlLabel, m_url);
    form->addRow(QString(), m_insecure);
    auto *ca = new QHBoxLayout;
    ca->addWidget(m_caFile, 1);
    ca->addWidget(m_browseCa);
    form->addRow(m_caLabel, ca);
    auto *pin = new QHBoxLayout;
    pin->addWidget(m_pinValue, 1);
    pin->addWidget(m_forgetPin, 0, Qt::AlignTop);
    form->addRow(m_pinLabel, pin);
    auto *mode = new QHBoxLayout;
    mode->addWidget(m_usePassword);
    mode->addWidget(m_useToken);
    mode->addStretch();
    form->addRow(QString(), mode);
    form->addRow(m_usernameLabel, m_username);
    form->addRow(m_passwordLabel, m_password);
    form->addRow(m_tokenLabel, m_token);
    form->addRow(QString(), m_remember);
    form->addRow(QString(), m_save);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &ConnectDialog::onAccepted);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(m_buttons);

    connect(m_profile, &QComboBox::currentIndexChanged, this, &ConnectDialog::loadProfile);
    for (QLineEdit *e : {m_url, m_username, m_password, m_token, m_name})
        connect(e, &QLineEdit::textChanged, this, &ConnectDialog::validate);
    connect(m_useToken, &QRadioButton::toggled, this, &ConnectDialog::validate);

    const int last = profiles->indexOf(profiles->lastUsed());
    if (profiles->rowCount() > 0) {
        m_profile->setCurrentIndex(last >= 0 ? last : 0);
        loadProfile(m_profile->currentIndex()); // no change signal when it was row 0 already
    } else
        m_name->setText(QStringLiteral("local"));
    m_profile->setEnabled(profiles->rowCount() > 0);
    retranslateUi();
    validate();
    resize(460, sizeHint().height());
}

void ConnectDialog::loadProfile(int row)
{
    if (row < 0 || row >= m_profiles->rowCount())
        return;
    const ServerProfile &p = m_profiles->profiles().at(row);
    m_name->setText(p.name);
    m_url->setText(p.url.toString());
    m_username->setText(p.username);
    m_useToken->setChecked(p.useToken);
    m_usePassword->setChecked(!p.useToken);
    m_remember->setChecked(p.rememberToken);
    m_caFile->setText(p.caFile);
    m_pin = p.pinnedSha256;
    m_pinUrl = p.url;
    m_pinProfile = p.name;
    showPin();
}

void ConnectDialog::showPin()
{
    const auto url = serveraddress::parse(m_url->text());
    const bool applies = !m_pin.isEmpty() && url && url == serveraddress::parse(m_pinUrl.toString());
    m_pinValue->setText(applies ? CertificateDialog::groupedFingerprint(m_pin) : QString());
    if (applies != m_pinShown) {
        m_pinShown = applies;
        m_form->setRowVisible(m_pinLabel, applies);
        fitHeight();
    }
}

void ConnectDialog::forgetPin(bool askFirst)
{
    if (m_pin.isEmpty())
        return;
    if (askFirst
        && QMessageBox::question(this, tr("Forget the pinned certificate"),
                                 tr("Forget the certificate pinned for %1?\n\nThe next connection will show the daemon's "
                                    "certificate and ask again. Do this only when you know why the certificate changed.")
                                     .arg(serveraddress::hostPort(m_pinUrl)),
                                 QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel)
               != QMessageBox::Yes)
        return;
    m_pin.clear();
    if (!m_pinProfile.isEmpty())
        m_profiles->setPin(m_pinProfile, {}); // at once: forgetting is the deliberate act, not connecting
    showPin();
}

bool ConnectDialog::isInsecureWarningVisible() const
{
    return m_insecureShown;
}

void ConnectDialog::validate()
{
    QString urlError;
    const auto url = serveraddress::parse(m_url->text(), &urlError);
    const bool urlOk = url.has_value();
    const bool insecure = urlOk && serveraddress::isInsecureRemote(*url);
    if (insecure != m_insecureShown) {
        m_insecureShown = insecure;
        m_form->setRowVisible(m_insecure, insecure);
        fitHeight();
    }
    showPin();
    const bool token = m_useToken->isChecked();
    m_username->setEnabled(!token);
    m_password->setEnabled(!token);
    m_token->setEnabled(token);
    m_remember->setEnabled(!token);
    const bool credentials = token ? !m_token->text().isEmpty() : !m_username->text().isEmpty() && !m_password->text().isEmpty();
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(urlOk && credentials && !m_name->text().trimmed().isEmpty());
    m_url->setToolTip(urlOk ? tr("Connects to %1").arg(url->toString()) : urlError);
}

void ConnectDialog::onAccepted()
{
    const Request r = request();
    if (m_save->isChecked()) {
        m_profiles->upsert(r.profile);
        m_profiles->setLastUsed(r.profile.name);
    }
    accept();
}

ConnectDialog::Request ConnectDialog::request() const
{
    Request r;
    r.profile.name = m_name->text().trimmed();
    // ws:// and wss:// are kept as typed; https://, http:// and bare addresses become what they mean.
    const QUrl typed(m_url->text().trimmed());
    const auto parsed = serveraddress::parse(m_url->text());
    r.profile.url = !parsed ? QUrl() : typed.scheme() == u"ws"_qs || typed.scheme() == u"wss"_qs ? typed : *parsed;
    // A pin belongs to the server it was made for, not to whatever the profile now names.
    if (!m_pin.isEmpty() && r.profile.url.isValid() && serveraddress::parse(m_pinUrl.toString()) == r.profile.url)
        r.profile.pinnedSha256 = m_pin;
    r.profile.caFile = m_caFile->text().trimmed();
    r.profile.username = m_username->text().trimmed();
    r.profile.useToken = m_useToken->isChecked();
    r.profile.rememberToken = m_remember->isChecked() && !r.profile.useToken;
    if (r.profile.useToken)
        r.token = m_token->text().trimmed();
    else
        r.password = m_password->text();
    return r;
}

void ConnectDialog::setError(const QString &message)
{
    m_error->setText(message);
    m_error->setVisible(!message.isEmpty());
}

void ConnectDialog::fitHeight()
{
    // Rows come and go (warning, pin); a wrapped warning needs its height for this width.
    QLayout *l = layout();
    if (!l || !isVisible())
        return;
    l->activate();
    const int h = l->hasHeightForWidth() ? l->totalHeightForWidth(width()) : l->totalSizeHint().height();
    resize(width(), qMax(h, l->totalMinimumSize().height()));
}

void ConnectDialog::showEvent(QShowEvent *event)
{
    QDialog::showEvent(event);
    fitHeight();
}

void ConnectDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslateUi();
        // The button box renames its standard buttons on the same event, maybe after us.
        QMetaObject::invokeMethod(this, &ConnectDialog::retranslateUi, Qt::QueuedConnection);
    }
    QDialog::changeEvent(event);
}

void ConnectDialog::retranslateUi()
{
    setWindowTitle(tr("Connect to formauto-opsd"));
    m_profileLabel->setText(tr("Saved server:"));
    m_nameLabel->setText(tr("Profile name:"));
    m_urlLabel->setText(tr("Server:"));
    m_usePassword->setText(tr("User and password"));
    m_useToken->setText(tr("API token"));
    m_usernameLabel->setText(tr("User:"));
    m_passwordLabel->setText(tr("Password:"));
    m_tokenLabel->setText(tr("Token:"));
    m_remember->setText(tr("Remember the session in the system keychain"));
    m_save->setText(tr("Save this server"));
    m_caLabel->setText(tr("Extra CA file:"));
    m_caFile->setPlaceholderText(tr("Optional, PEM"));
    m_caFile->setToolTip(tr("A CA certificate file (PEM) to trust for this server, besides the system's CAs"));
    m_browseCa->setText(tr("Browse…"));
    m_pinLabel->setText(tr("Pinned certificate:"));
    m_forgetPin->setText(tr("Forget…"));
    m_insecure->setText(tr("Not encrypted: the password or token and everything on screen would cross the network in clear. "
                           "Use wss:// unless a TLS proxy in front of the daemon handles encryption."));
    m_url->setPlaceholderText(tr("wss://HOST:PORT"));
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Connect"));
    m_buttons->button(QDialogButtonBox::Cancel)->setText(tr("Cancel"));
}
