#pragma once

#include "app/serverprofiles.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QRadioButton;

// Where to connect and as whom. Passwords and tokens typed here go to OpsClient only;
// the profile saved keeps the address, the user name and the choices.
class ConnectDialog final : public QDialog {
    Q_OBJECT
public:
    struct Request {
        ServerProfile profile;
        QString password; // when !profile.useToken
        QString token;    // when profile.useToken
    };

    ConnectDialog(ServerProfilesModel *profiles, QWidget *parent = nullptr);
    Request request() const;
    void setError(const QString &message); // shown as plain text
    // The warning shown for ws:// to another host (for tests and screenshots).
    bool isInsecureWarningVisible() const;
    // Removes the pin of the profile on screen, after asking (File > Connect… > Forget).
    void forgetPin(bool askFirst = true);

protected:
    void changeEvent(QEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void retranslateUi();
    void loadProfile(int row);
    void validate();
    void onAccepted();
    void showPin();
    void fitHeight();

    ServerProfilesModel *m_profiles;
    QComboBox *m_profile;
    QLineEdit *m_name, *m_url, *m_username, *m_password, *m_token;
    QRadioButton *m_usePassword, *m_useToken;
    QCheckBox *m_remember, *m_save;
    QLabel *m_profileLabel, *m_nameLabel, *m_urlLabel, *m_usernameLabel, *m_passwordLabel, *m_tokenLabel, *m_error;
    QDialogButtonBox *m_buttons;
    QLabel *m_caLabel, *m_pinLabel, *m_pinValue, *m_insecure;
    QLineEdit *m_caFile;
    QPushButton *m_browseCa, *m_forgetPin;
    // The pin of the loaded profile, kept only while the address still names that server.
    QString m_pin;
    QUrl m_pinUrl;
    QString m_pinProfile;
    QFormLayout *m_form;
    bool m_pinShown = true, m_insecureShown = true; // the rows as first laid out
};
