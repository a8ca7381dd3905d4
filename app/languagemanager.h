#pragma once

#include <QLocale>
#include <QObject>
#include <QTranslator>

// Japanese or English, switched at run time: installs the console's and Qt's own
// translations and the matching QLocale; widgets retranslate on QEvent::LanguageChange.
class LanguageManager final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LanguageManager)
public:
    enum class Language { System, English, Japanese };
    Q_ENUM(Language)

    explicit LanguageManager(QObject *parent = nullptr);

    void setLanguage(Language language);
    Language language() const { return m_language; }
    // What System resolves to on this machine.
    Language effectiveLanguage() const;
    static Language fromCode(const QString &code); // "ja", "en", anything else: System
    static QString code(Language language);

Q_SIGNALS:
    void languageChanged(LanguageManager::Language language);

private:
    Language m_language = Language::System;
    QTranslator m_app;
    QTranslator m_qt;
};
