<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja_JP">
<context>
    <name>AlertsModel</name>
    <message>
        <source>Critical</source>
        <translation>重大</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>エラー</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>Info</source>
        <translation>情報</translation>
    </message>
    <message>
        <source>Firing</source>
        <translation>発生中</translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation>対応中</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>解決済み</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>レベル</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>タイトル</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>発生日時</translation>
    </message>
    <message>
        <source>Acknowledged by</source>
        <translation>対応者</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 分</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 時間 %2 分</translation>
    </message>
    <message>
        <source>%1 d %2 h</source>
        <translation>%1 日 %2 時間</translation>
    </message>
    <message>
        <source>For</source>
        <translation>継続時間</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>ホスト</translation>
    </message>
</context>
<context>
    <name>AlertsPage</name>
    <message>
        <source>No alerts.</source>
        <translation>アラートはありません。</translation>
    </message>
    <message>
        <source>Level: %1   State: %2</source>
        <translation>レベル: %1   状態: %2</translation>
    </message>
    <message>
        <source>Acknowledged by %1 at %2: %3</source>
        <translation>%1 が %2 に対応開始: %3</translation>
    </message>
    <message>
        <source>Timeline:</source>
        <translation>経過:</translation>
    </message>
    <message>
        <source>Acknowledge alert</source>
        <translation>アラートに対応</translation>
    </message>
    <message>
        <source>Comment (who is on it, what is being done):</source>
        <translation>コメント (担当者と対応内容):</translation>
    </message>
    <message>
        <source>Resolve alert</source>
        <translation>アラートを解決</translation>
    </message>
    <message>
        <source>Comment:</source>
        <translation>コメント:</translation>
    </message>
    <message>
        <source>Show resolved alerts too</source>
        <translation>解決済みのアラートも表示</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>更新</translation>
    </message>
    <message>
        <source>Acknowledge…</source>
        <translation>対応中にする…</translation>
    </message>
    <message>
        <source>Resolve…</source>
        <translation>解決する…</translation>
    </message>
    <message>
        <source>fired</source>
        <translation>発生</translation>
    </message>
    <message>
        <source>acknowledged</source>
        <translation>対応開始</translation>
    </message>
    <message>
        <source>resolved</source>
        <translation>解決</translation>
    </message>
    <message>
        <source>escalated</source>
        <translation>エスカレーション</translation>
    </message>
    <message>
        <source>silenced</source>
        <translation>サイレンス</translation>
    </message>
    <message>
        <source>silence over</source>
        <translation>サイレンス終了</translation>
    </message>
    <message>
        <source>notified</source>
        <translation>通知済み</translation>
    </message>
    <message>
        <source>notification failed</source>
        <translation>通知失敗</translation>
    </message>
    <message numerus="yes">
        <source>%n alert(s) updated.</source>
        <translation>
            <numerusform>%n 件のアラートを更新しました。</numerusform>
        </translation>
    </message>
    <message>
        <source>Silence…</source>
        <translation>サイレンス…</translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation>アラート</translation>
    </message>
    <message>
        <source>Silences</source>
        <translation>サイレンス</translation>
    </message>
    <message>
        <source>Rules</source>
        <translation>ルール</translation>
    </message>
    <message>
        <source>Notifications</source>
        <translation>通知</translation>
    </message>
    <message>
        <source>Fired: %1</source>
        <translation>発生: %1</translation>
    </message>
    <message>
        <source>Resolved: %1 (after %2)</source>
        <translation>解決: %1 (発生から %2)</translation>
    </message>
    <message>
        <source>Raw data from the daemon:</source>
        <translation>デーモンからの元データ:</translation>
    </message>
    <message>
        <source>Show the daemon&apos;s raw data</source>
        <translation>デーモンの元データを表示</translation>
    </message>
    <message>
        <source>&amp;Host:</source>
        <translation>ホスト(&amp;H):</translation>
    </message>
    <message>
        <source>All hosts</source>
        <translation>すべてのホスト</translation>
    </message>
</context>
<context>
    <name>AuditBundle</name>
    <message>
        <source>Cannot read %1.</source>
        <translation>%1 を読み込めません。</translation>
    </message>
    <message>
        <source>The file is too large to be an audit bundle.</source>
        <translation>ファイルが大きすぎるため、監査バンドルとして扱えません。</translation>
    </message>
    <message>
        <source>The file is not JSON: %1.</source>
        <translation>ファイルが JSON ではありません: %1。</translation>
    </message>
    <message>
        <source>The bundle does not verify: %1</source>
        <translation>バンドルの検証に失敗しました: %1</translation>
    </message>
    <message>
        <source>The signature cannot be checked (libsodium failed to start).</source>
        <translation>署名を検証できません (libsodium を初期化できませんでした)。</translation>
    </message>
    <message>
        <source>The bundle does not verify: the signature does not match its rows.</source>
        <translation>バンドルの検証に失敗しました: 署名が行の内容と一致しません。</translation>
    </message>
</context>
<context>
    <name>AuditModel</name>
    <message>
        <source>(anonymous)</source>
        <translation>(匿名)</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>日時</translation>
    </message>
    <message>
        <source>User</source>
        <translation>ユーザー</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Resource</source>
        <translation>リソース</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>アドレス</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>番号</translation>
    </message>
</context>
<context>
    <name>AuditPage</name>
    <message>
        <source>Open audit bundle</source>
        <translation>監査バンドルを開く</translation>
    </message>
    <message>
        <source>Audit bundles (*.json)</source>
        <translation>監査バンドル (*.json)</translation>
    </message>
    <message>
        <source>Live from the daemon. Kept for offline use up to entry %1.</source>
        <translation>デーモンからのライブ表示です。オフライン用に項目 %1 まで保存済みです。</translation>
    </message>
    <message>
        <source>Offline: showing the local copy as of %1 (%2 entries).</source>
        <translation>オフライン: %1 時点のローカルコピーを表示しています (%2 件)。</translation>
    </message>
    <message>
        <source>Offline, and there is no local copy yet: connect once to fill it.</source>
        <translation>オフラインで、ローカルコピーもまだありません。一度接続するとコピーが作成されます。</translation>
    </message>
    <message>
        <source>Bundle %1: %2 entries, chain and signature verified (key %3).</source>
        <translation>バンドル %1: %2 件。チェーンと署名を検証しました (鍵 %3)。</translation>
    </message>
    <message>
        <source>Export as CSV</source>
        <translation>CSV としてエクスポート</translation>
    </message>
    <message>
        <source>Export as JSON</source>
        <translation>JSON としてエクスポート</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV ファイル (*.csv)</translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation>JSON ファイル (*.json)</translation>
    </message>
    <message>
        <source>Could not write %1.</source>
        <translation>%1 に書き込めませんでした。</translation>
    </message>
    <message>
        <source>User ID:</source>
        <translation>ユーザー ID:</translation>
    </message>
    <message>
        <source>Action:</source>
        <translation>操作:</translation>
    </message>
    <message>
        <source>Resource:</source>
        <translation>リソース:</translation>
    </message>
    <message>
        <source>Period:</source>
        <translation>期間:</translation>
    </message>
    <message>
        <source>All</source>
        <translation>すべて</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>直近 24 時間</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>直近 7 日間</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>直近 30 日間</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>検索</translation>
    </message>
    <message>
        <source>Load older entries</source>
        <translation>さらに古い項目を読み込む</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>CSV エクスポート…</translation>
    </message>
    <message>
        <source>Export JSON…</source>
        <translation>JSON エクスポート…</translation>
    </message>
    <message>
        <source>Open bundle…</source>
        <translation>バンドルを開く…</translation>
    </message>
    <message>
        <source>Back to the live log</source>
        <translation>ライブ表示に戻る</translation>
    </message>
    <message>
        <source>Follow new entries</source>
        <translation>新しい記録を自動表示</translation>
    </message>
</context>
<context>
    <name>BackupsPage</name>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 分 %2 秒</translation>
    </message>
    <message numerus="yes">
        <source>service database (%1, %n table(s))</source>
        <translation>
            <numerusform>サービスDB(%1、%n テーブル)</numerusform>
        </translation>
    </message>
    <message>
        <source>ops store</source>
        <translation>運用ストア</translation>
    </message>
    <message numerus="yes">
        <source>%1 (%n file(s))</source>
        <translation>
            <numerusform>%1(%n ファイル)</numerusform>
        </translation>
    </message>
    <message>
        <source>Started.</source>
        <translation>開始しました。</translation>
    </message>
    <message>
        <source>never</source>
        <translation>なし</translation>
    </message>
    <message>
        <source>Last backup: %1    Last verified: %2    Last proven restorable: %3</source>
        <translation>最終バックアップ: %1    最終検証: %2    最終復元確認: %3</translation>
    </message>
    <message>
        <source>not yet</source>
        <translation>未実施</translation>
    </message>
    <message>
        <source>FAILED</source>
        <translation>失敗</translation>
    </message>
    <message>
        <source>never run</source>
        <translation>未実行</translation>
    </message>
    <message>
        <source>%1: %2 (%3)</source>
        <translation>%1: %2(%3)</translation>
    </message>
    <message>
        <source>ok</source>
        <translation>成功</translation>
    </message>
    <message>
        <source>running…</source>
        <translation>実行中…</translation>
    </message>
    <message>
        <source>%1 %2 running: %3</source>
        <translation>%1 %2 実行中: %3</translation>
    </message>
    <message numerus="yes">
        <source>, about %n s left</source>
        <translation>
            <numerusform>、残り約 %n 秒</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 cancelled.</source>
        <translation>%1 を中止しました。</translation>
    </message>
    <message>
        <source>%1 failed: %2</source>
        <translation>%1 失敗: %2</translation>
    </message>
    <message>
        <source>Select a backup first.</source>
        <translation>先にバックアップを選択してください。</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>開始しています…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>中止</translation>
    </message>
    <message>
        <source>Backup job</source>
        <translation>バックアップジョブ</translation>
    </message>
    <message>
        <source>What the next cleanup would delete</source>
        <translation>次回のクリーンアップで削除されるもの</translation>
    </message>
    <message>
        <source>Kept: younger than %1 days, the last %2, the newest of each of the last %3 days, %4 weeks and %5 months, and always the newest verified backup.</source>
        <translation>保持: %1 日以内のもの、最新 %2 件、直近 %3 日・%4 週・%5 か月それぞれの最新、そして検証済みの最新バックアップは常に保持します。</translation>
    </message>
    <message>
        <source>Backup</source>
        <translation>バックアップ</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>判定</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>keep</source>
        <translation>保持</translation>
    </message>
    <message>
        <source>delete</source>
        <translation>削除</translation>
    </message>
    <message numerus="yes">
        <source>%n backup(s) would be deleted.</source>
        <translation>
            <numerusform>%n 件のバックアップが削除されます。</numerusform>
        </translation>
    </message>
    <message>
        <source>Create now</source>
        <translation>今すぐ作成</translation>
    </message>
    <message>
        <source>Verify</source>
        <translation>検証</translation>
    </message>
    <message>
        <source>Restore drill</source>
        <translation>復元訓練</translation>
    </message>
    <message>
        <source>Restore…</source>
        <translation>復元…</translation>
    </message>
    <message>
        <source>Retention preview…</source>
        <translation>保持期間のプレビュー…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>更新</translation>
    </message>
    <message>
        <source>Run now</source>
        <translation>今すぐ実行</translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>スケジュール</translation>
    </message>
    <message>
        <source>Only administrators restore.</source>
        <translation>復元できるのは管理者だけです。</translation>
    </message>
    <message>
        <source>Operators and administrators start backup jobs.</source>
        <translation>バックアップジョブを開始できるのはオペレーターと管理者です。</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名前</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>作成日時</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>サイズ</translation>
    </message>
    <message>
        <source>Took</source>
        <translation>所要時間</translation>
    </message>
    <message>
        <source>Verified</source>
        <translation>検証</translation>
    </message>
    <message>
        <source>Proven restorable</source>
        <translation>復元確認</translation>
    </message>
    <message>
        <source>Contents</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Job</source>
        <translation>ジョブ</translation>
    </message>
    <message>
        <source>Next run</source>
        <translation>次回実行</translation>
    </message>
    <message>
        <source>Last run</source>
        <translation>前回実行</translation>
    </message>
    <message>
        <source>Verification</source>
        <translation>検証</translation>
    </message>
    <message>
        <source>Restore dry run</source>
        <translation>復元ドライラン</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>復元</translation>
    </message>
    <message>
        <source>dumping databases</source>
        <translation>データベースをダンプ中</translation>
    </message>
    <message>
        <source>writing the archive</source>
        <translation>アーカイブを書き込み中</translation>
    </message>
    <message>
        <source>checking every checksum</source>
        <translation>チェックサムを検査中</translation>
    </message>
    <message>
        <source>unpacking to staging</source>
        <translation>作業領域に展開中</translation>
    </message>
    <message>
        <source>taking the safety backup</source>
        <translation>安全バックアップを作成中</translation>
    </message>
    <message>
        <source>restoring %1</source>
        <translation>%1 を復元中</translation>
    </message>
    <message>
        <source>%1 finished: %2</source>
        <translation>%1が完了しました: %2</translation>
    </message>
    <message>
        <source>Written by</source>
        <translation>作成ホスト</translation>
    </message>
</context>
<context>
    <name>CertificateDialog</name>
    <message>
        <source>Unknown certificate</source>
        <translation>不明な証明書</translation>
    </message>
    <message>
        <source>Trust the certificate of %1?</source>
        <translation>%1 の証明書を信頼しますか?</translation>
    </message>
    <message>
        <source>The daemon presented a certificate that this computer cannot verify, so it cannot tell the real daemon from someone in between. Nothing has been sent to it yet.</source>
        <translation>デーモンが提示した証明書をこのコンピューターでは検証できません。そのため、本物のデーモンか、途中に割り込んだ第三者かを区別できません。まだ何も送信していません。</translation>
    </message>
    <message>
        <source>Compare the fingerprint with what `formauto-opsd tls fingerprint` prints on the daemon&apos;s host. Trust it only if they are the same: it is then pinned in the profile and not asked again, and any other certificate from this server will be refused.</source>
        <translation>デーモンのホストで `formauto-opsd tls fingerprint` が表示するフィンガープリントと比べてください。一致する場合だけ信頼してください。信頼するとプロファイルに固定 (ピン留め) され、次回からは確認しません。このサーバーがほかの証明書を提示した場合は接続を拒否します。</translation>
    </message>
    <message>
        <source>Trust and connect</source>
        <translation>信頼して接続</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>Certificate changed</source>
        <translation>証明書が変わりました</translation>
    </message>
    <message>
        <source>The certificate of %1 has changed. The console did not connect.</source>
        <translation>%1 の証明書が変わりました。コンソールは接続していません。</translation>
    </message>
    <message>
        <source>The daemon presented a different certificate from the one pinned for this server. Someone may be intercepting the connection, or the daemon&apos;s certificate was replaced. No password or token was sent.</source>
        <translation>デーモンが、このサーバーに固定された証明書とは別の証明書を提示しました。通信が傍受されているか、デーモンの証明書が差し替えられた可能性があります。パスワードやトークンは送信していません。</translation>
    </message>
    <message>
        <source>If the change is expected (ask whoever runs the daemon, and compare the new fingerprint with `formauto-opsd tls fingerprint`), forget the pinned certificate in File &gt; Connect… and connect again.</source>
        <translation>変更が想定どおりの場合 (デーモンの管理者に確認し、新しいフィンガープリントを `formauto-opsd tls fingerprint` の出力と比べてください)、[ファイル] &gt; [接続…] で固定された証明書を削除してから接続し直してください。</translation>
    </message>
    <message>
        <source>If the change is expected (ask whoever runs the daemon, and compare the new fingerprint with `formauto-opsd tls fingerprint`), forget the pinned certificate of the profile &quot;%1&quot; in File &gt; Connect… and connect again.</source>
        <translation>変更が想定どおりの場合 (デーモンの管理者に確認し、新しいフィンガープリントを `formauto-opsd tls fingerprint` の出力と比べてください)、[ファイル] &gt; [接続…] でプロファイル「%1」に固定された証明書を削除してから接続し直してください。</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>閉じる</translation>
    </message>
    <message>
        <source>Server:</source>
        <translation>サーバー:</translation>
    </message>
    <message>
        <source>Issued to:</source>
        <translation>発行先:</translation>
    </message>
    <message>
        <source>(no name)</source>
        <translation>(名前なし)</translation>
    </message>
    <message>
        <source>Issued by:</source>
        <translation>発行者:</translation>
    </message>
    <message>
        <source>%1 (self-signed)</source>
        <translation>%1 (自己署名)</translation>
    </message>
    <message>
        <source>Names:</source>
        <translation>名前:</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(なし)</translation>
    </message>
    <message>
        <source>Valid:</source>
        <translation>有効期間:</translation>
    </message>
    <message>
        <source>%1 to %2</source>
        <translation>%1 ～ %2</translation>
    </message>
    <message>
        <source>SHA-256 fingerprint:</source>
        <translation>SHA-256 フィンガープリント:</translation>
    </message>
    <message>
        <source>Presented now (SHA-256):</source>
        <translation>今回提示された証明書 (SHA-256):</translation>
    </message>
    <message>
        <source>Pinned (SHA-256):</source>
        <translation>固定された証明書 (SHA-256):</translation>
    </message>
</context>
<context>
    <name>ConnectDialog</name>
    <message>
        <source>Connect to formauto-opsd</source>
        <translation>formauto-opsd に接続</translation>
    </message>
    <message>
        <source>Saved server:</source>
        <translation>保存済みサーバー:</translation>
    </message>
    <message>
        <source>Profile name:</source>
        <translation>プロファイル名:</translation>
    </message>
    <message>
        <source>Server:</source>
        <translation>サーバー:</translation>
    </message>
    <message>
        <source>User and password</source>
        <translation>ユーザー名とパスワード</translation>
    </message>
    <message>
        <source>API token</source>
        <translation>API トークン</translation>
    </message>
    <message>
        <source>User:</source>
        <translation>ユーザー:</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>パスワード:</translation>
    </message>
    <message>
        <source>Token:</source>
        <translation>トークン:</translation>
    </message>
    <message>
        <source>Remember the session in the system keychain</source>
        <translation>セッションをシステムの資格情報ストアに保存する</translation>
    </message>
    <message>
        <source>Save this server</source>
        <translation>このサーバーを保存する</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>接続</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>CA certificate to trust</source>
        <translation>信頼する CA 証明書</translation>
    </message>
    <message>
        <source>PEM certificates (*.pem *.crt *.cer);;All files (*)</source>
        <translation>PEM 証明書 (*.pem *.crt *.cer);;すべてのファイル (*)</translation>
    </message>
    <message>
        <source>Forget the pinned certificate</source>
        <translation>固定された証明書の削除</translation>
    </message>
    <message>
        <source>Forget the certificate pinned for %1?

The next connection will show the daemon&apos;s certificate and ask again. Do this only when you know why the certificate changed.</source>
        <translation>%1 に固定された証明書を削除しますか?

次回の接続時にデーモンの証明書を表示して、もう一度確認します。証明書が変わった理由がわかっている場合にだけ削除してください。</translation>
    </message>
    <message>
        <source>Connects to %1</source>
        <translation>接続先: %1</translation>
    </message>
    <message>
        <source>Extra CA file:</source>
        <translation>追加の CA ファイル:</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>参照…</translation>
    </message>
    <message>
        <source>Pinned certificate:</source>
        <translation>固定された証明書:</translation>
    </message>
    <message>
        <source>Forget…</source>
        <translation>削除…</translation>
    </message>
    <message>
        <source>Not encrypted: the password or token and everything on screen would cross the network in clear. Use wss:// unless a TLS proxy in front of the daemon handles encryption.</source>
        <translation>暗号化されていません: パスワードやトークン、画面に表示されるすべての内容が平文のままネットワークを流れます。デーモンの前段の TLS プロキシーが暗号化する構成でない限り、wss:// を使ってください。</translation>
    </message>
    <message>
        <source>wss://HOST:PORT</source>
        <translation>wss://ホスト:ポート</translation>
    </message>
    <message>
        <source>Optional, PEM</source>
        <translation>任意 (PEM 形式)</translation>
    </message>
    <message>
        <source>A CA certificate file (PEM) to trust for this server, besides the system&apos;s CAs</source>
        <translation>システムの CA に加えて、このサーバー用に信頼する CA 証明書ファイル (PEM 形式)</translation>
    </message>
</context>
<context>
    <name>CurrentMetricsModel</name>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>メモリ</translation>
    </message>
    <message>
        <source>Disk (/)</source>
        <translation>ディスク (/)</translation>
    </message>
    <message>
        <source>Network received</source>
        <translation>ネットワーク受信</translation>
    </message>
    <message>
        <source>Network sent</source>
        <translation>ネットワーク送信</translation>
    </message>
    <message>
        <source>Running tasks</source>
        <translation>実行中タスク</translation>
    </message>
    <message>
        <source>Completed today</source>
        <translation>本日の完了数</translation>
    </message>
    <message>
        <source>Success rate</source>
        <translation>成功率</translation>
    </message>
    <message>
        <source>Metric</source>
        <translation>指標</translation>
    </message>
    <message>
        <source>Current</source>
        <translation>現在値</translation>
    </message>
    <message>
        <source>Minimum</source>
        <translation>最小</translation>
    </message>
    <message>
        <source>Maximum</source>
        <translation>最大</translation>
    </message>
    <message>
        <source>Average</source>
        <translation>平均</translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <source>Total</source>
        <translation>合計</translation>
    </message>
    <message>
        <source>Core %1</source>
        <translation>コア %1</translation>
    </message>
    <message>
        <source>Load %1 / %2 / %3</source>
        <translation>ロードアベレージ %1 / %2 / %3</translation>
    </message>
    <message>
        <source>%1 of %2 available</source>
        <translation>%2 中 %1 利用可能</translation>
    </message>
    <message>
        <source>%1 free of %2</source>
        <translation>%2 中 %1 空き</translation>
    </message>
    <message>
        <source>Task database unavailable</source>
        <translation>タスクデータベースに接続できません</translation>
    </message>
    <message>
        <source>%1 completed in total</source>
        <translation>累計 %1 件完了</translation>
    </message>
    <message>
        <source>of completed tasks</source>
        <translation>完了タスクに対する割合</translation>
    </message>
    <message>
        <source>No update from the daemon since %1 (%2). The figures below are out of date.</source>
        <translation>%1 (%2) 以降、デーモンから更新がありません。以下の数値は古くなっています。</translation>
    </message>
    <message>
        <source>never</source>
        <translation>なし</translation>
    </message>
    <message>
        <source>Range:</source>
        <translation>期間:</translation>
    </message>
    <message>
        <source>Live 5 min</source>
        <translation>ライブ表示 (5 分)</translation>
    </message>
    <message>
        <source>1 hour</source>
        <translation>1 時間</translation>
    </message>
    <message>
        <source>24 hours</source>
        <translation>24 時間</translation>
    </message>
    <message>
        <source>7 days</source>
        <translation>7 日間</translation>
    </message>
    <message>
        <source>Per-core CPU</source>
        <translation>コア別 CPU</translation>
    </message>
    <message>
        <source>Demo data</source>
        <translation>デモデータ</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>メモリ</translation>
    </message>
    <message>
        <source>Disk (/)</source>
        <translation>ディスク (/)</translation>
    </message>
    <message>
        <source>Running tasks</source>
        <translation>実行中タスク</translation>
    </message>
    <message>
        <source>Completed today</source>
        <translation>本日の完了数</translation>
    </message>
    <message>
        <source>Success rate</source>
        <translation>成功率</translation>
    </message>
    <message>
        <source>CPU usage (%)</source>
        <translation>CPU 使用率 (%)</translation>
    </message>
    <message>
        <source>Memory usage (%)</source>
        <translation>メモリ使用率 (%)</translation>
    </message>
    <message>
        <source>Disk usage per mount (%)</source>
        <translation>マウント別ディスク使用率 (%)</translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation>タスク</translation>
    </message>
    <message>
        <source>Task success rate (%)</source>
        <translation>タスク成功率 (%)</translation>
    </message>
    <message>
        <source>Swap</source>
        <translation>スワップ</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>受信</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>送信</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>実行中</translation>
    </message>
    <message>
        <source>Backups: last %1 · proven restorable %2</source>
        <translation>バックアップ: 最終 %1 · 復元確認 %2</translation>
    </message>
    <message>
        <source>Service, last minute: %1 requests · average %2 ms · p95 %3 ms · %4 errors</source>
        <translation>サービス (直近 1 分): %1 リクエスト · 平均 %2 ミリ秒 · p95 %3 ミリ秒 · エラー率 %4</translation>
    </message>
    <message>
        <source>Service: no requests reported in the last minute</source>
        <translation>サービス: 直近 1 分間のリクエスト報告なし</translation>
    </message>
    <message>
        <source>Network traffic</source>
        <translation>ネットワーク通信量</translation>
    </message>
    <message>
        <source>Custom range</source>
        <translation>期間を指定</translation>
    </message>
    <message>
        <source>From:</source>
        <translation>開始:</translation>
    </message>
    <message>
        <source>To:</source>
        <translation>終了:</translation>
    </message>
    <message>
        <source>The start must be before the end.</source>
        <translation>開始は終了より前にしてください。</translation>
    </message>
    <message>
        <source>%1 – %2</source>
        <translation>%1 – %2</translation>
    </message>
    <message>
        <source>Alert rule %1 (%2): %3</source>
        <translation>アラートルール %1 (%2): %3</translation>
    </message>
    <message>
        <source>Alert fired (%1): %2</source>
        <translation>アラート発生 (%1): %2</translation>
    </message>
    <message>
        <source>Alert resolved: %1</source>
        <translation>アラート解決: %1</translation>
    </message>
    <message>
        <source>Backup %1</source>
        <translation>バックアップ %1</translation>
    </message>
    <message>
        <source>Daemon started</source>
        <translation>デーモン起動</translation>
    </message>
    <message>
        <source>Custom…</source>
        <translation>期間指定…</translation>
    </message>
    <message>
        <source>Choose any range. On a chart: drag to zoom, wheel to zoom, Shift+drag to pan, double-click for live.</source>
        <translation>任意の期間を選べます。グラフ上では、ドラッグで拡大、ホイールで拡大・縮小、Shift+ドラッグで移動、ダブルクリックでライブ表示に戻ります。</translation>
    </message>
    <message>
        <source>Back to live (Esc)</source>
        <translation>ライブ表示に戻る (Esc)</translation>
    </message>
    <message>
        <source>Load average</source>
        <translation>ロードアベレージ</translation>
    </message>
    <message>
        <source>Disk I/O</source>
        <translation>ディスク I/O</translation>
    </message>
    <message>
        <source>1 min</source>
        <translation>1 分</translation>
    </message>
    <message>
        <source>5 min</source>
        <translation>5 分</translation>
    </message>
    <message>
        <source>15 min</source>
        <translation>15 分</translation>
    </message>
    <message>
        <source>Read</source>
        <translation>読み取り</translation>
    </message>
    <message>
        <source>Write</source>
        <translation>書き込み</translation>
    </message>
    <message>
        <source>Back to this daemon&apos;s host</source>
        <translation>このデーモンのホストに戻る</translation>
    </message>
    <message>
        <source>Back to %1 (this daemon)</source>
        <translation>%1 (このデーモン) に戻る</translation>
    </message>
    <message>
        <source>Host: %1 (this daemon)</source>
        <translation>ホスト: %1 (このデーモン)</translation>
    </message>
    <message>
        <source>Host: %1 — down: no heartbeat since %2; its figures stop there</source>
        <translation>ホスト: %1 — ダウン: %2 以降ハートビートがありません。数値はそこで止まっています</translation>
    </message>
    <message>
        <source>Host: %1 (through this daemon)</source>
        <translation>ホスト: %1 (このデーモン経由)</translation>
    </message>
    <message>
        <source>Host: %1 (through %2)</source>
        <translation>ホスト: %1 (%2 経由)</translation>
    </message>
</context>
<context>
    <name>DiagnosisDialog</name>
    <message>
        <source>Critical</source>
        <translation>重大</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>エラー</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>Info</source>
        <translation>情報</translation>
    </message>
    <message>
        <source>The disk will be full in about %1 hours</source>
        <translation>約 %1 時間でディスクが満杯になります</translation>
    </message>
    <message>
        <source>Free space falls by %1 per hour; %2 are left.</source>
        <translation>空き容量が 1 時間に %1 ずつ減っています。残りは %2 です。</translation>
    </message>
    <message>
        <source>Growing logs, uploads or backups without retention.</source>
        <translation>保持期間のないログ、アップロード、バックアップの増加。</translation>
    </message>
    <message>
        <source>Find what grows (du -x / | sort -n), apply retention to logs and backups, or add space.</source>
        <translation>増えているもの (du -x / | sort -n) を特定し、ログとバックアップに保持期間を設定するか、容量を追加してください。</translation>
    </message>
    <message>
        <source>Memory use grows steadily (%1 % per hour)</source>
        <translation>メモリ使用量が一定の割合で増加しています (1 時間に %1 %)</translation>
    </message>
    <message>
        <source>Memory is at %1 % and rises in a straight line; at this pace it runs out in about %2 hours.</source>
        <translation>メモリ使用率は %1 % で直線的に増加しています。このままでは約 %2 時間で枯渇します。</translation>
    </message>
    <message>
        <source>A memory leak in a worker or the API process, or a cache without a limit.</source>
        <translation>ワーカーまたは API プロセスのメモリリーク、または上限のないキャッシュ。</translation>
    </message>
    <message>
        <source>Check which process grows (ps aux --sort=-rss); restart it before it runs out, then find the leak.</source>
        <translation>増えているプロセスを確認し (ps aux --sort=-rss)、枯渇する前に再起動してからリークを調査してください。</translation>
    </message>
    <message>
        <source>Errors are up: %1 % of requests failed in the last 5 minutes</source>
        <translation>エラーが増えています: 直近 5 分間のリクエストの %1 % が失敗</translation>
    </message>
    <message>
        <source>%1 error lines in the last 15 minutes, against %2 per minute before.</source>
        <translation>直近 15 分間のエラー行は %1 件 (それ以前は 1 分あたり %2 件)。</translation>
    </message>
    <message>
        <source>The database is slow or unreachable at the same time.</source>
        <translation>同時にデータベースが遅いか到達できません。</translation>
    </message>
    <message>
        <source>Redis is down at the same time: queues and caches fail.</source>
        <translation>同時に Redis が停止しています。キューとキャッシュが失敗します。</translation>
    </message>
    <message>
        <source>No dependency is down; the logs say more.</source>
        <translation>依存先は停止していません。詳細はログを確認してください。</translation>
    </message>
    <message>
        <source>Check the database: connections, locks, slow queries, disk.</source>
        <translation>データベースの接続数、ロック、遅いクエリ、ディスクを確認してください。</translation>
    </message>
    <message>
        <source>Restart or repair Redis; then check the workers reconnect.</source>
        <translation>Redis を再起動または修復し、ワーカーが再接続することを確認してください。</translation>
    </message>
    <message>
        <source>Read the error lines in the evidence and the service&apos;s recent deploys.</source>
        <translation>根拠のエラー行とサービスの最近のデプロイを確認してください。</translation>
    </message>
    <message numerus="yes">
        <source>%n task(s) RUNNING for more than %1 minutes</source>
        <translation>
            <numerusform>%n 件のタスクが %1 分以上 RUNNING のままです</numerusform>
        </translation>
    </message>
    <message>
        <source>The oldest has been running for %1 minutes.</source>
        <translation>最も古いものは %1 分間実行中です。</translation>
    </message>
    <message>
        <source>A worker died or hangs on a site that never answers, leaving its tasks marked running.</source>
        <translation>ワーカーが停止したか応答しないサイトで止まり、タスクが実行中のまま残っています。</translation>
    </message>
    <message>
        <source>Check the workers are alive; requeue or fail the stuck tasks; set timeouts on form submissions.</source>
        <translation>ワーカーの稼働を確認し、止まったタスクを再投入または失敗扱いにし、フォーム送信にタイムアウトを設定してください。</translation>
    </message>
    <message>
        <source>Task success rate fell from %1 % to %2 %</source>
        <translation>タスク成功率が %1 % から %2 % に低下しました</translation>
    </message>
    <message>
        <source>The last hour&apos;s average against the five hours before.</source>
        <translation>直近 1 時間の平均とその前の 5 時間の比較です。</translation>
    </message>
    <message>
        <source>Target sites changed their forms, block the service, or the network path fails.</source>
        <translation>対象サイトのフォーム変更、サービスのブロック、またはネットワーク経路の障害。</translation>
    </message>
    <message>
        <source>Look at the failing URLs in the logs; try one by hand; check proxies and rate limits.</source>
        <translation>ログで失敗した URL を確認し、手動で試し、プロキシとレート制限を確認してください。</translation>
    </message>
    <message>
        <source>There is no backup</source>
        <translation>バックアップがありません</translation>
    </message>
    <message>
        <source>The newest backup is %1 hours old</source>
        <translation>最新のバックアップは %1 時間前のものです</translation>
    </message>
    <message>
        <source>Backups are expected at least every %1 hours.</source>
        <translation>バックアップは少なくとも %1 時間ごとに必要です。</translation>
    </message>
    <message>
        <source>The backup job fails or does not run (schedule, disk space, database permissions).</source>
        <translation>バックアップジョブが失敗しているか実行されていません (スケジュール、ディスク容量、データベース権限)。</translation>
    </message>
    <message>
        <source>Look at the schedule&apos;s last runs on the Backups page and run a backup now.</source>
        <translation>バックアップページでスケジュールの前回実行を確認し、今すぐバックアップを実行してください。</translation>
    </message>
    <message>
        <source>The newest backup failed its check</source>
        <translation>最新のバックアップが検査に失敗しました</translation>
    </message>
    <message>
        <source>The newest backup has never been verified</source>
        <translation>最新のバックアップは一度も検証されていません</translation>
    </message>
    <message>
        <source>A damaged archive, a dump that does not restore, or a verify job that does not run.</source>
        <translation>壊れたアーカイブ、復元できないダンプ、または実行されない検証ジョブ。</translation>
    </message>
    <message>
        <source>Take a new backup now, verify it and run a restore drill; check the disk the backups are on.</source>
        <translation>今すぐ新しいバックアップを作成して検証と復元訓練を行い、バックアップ先のディスクを確認してください。</translation>
    </message>
    <message>
        <source>The certificate of %1 expires in %2 days</source>
        <translation>%1 の証明書は %2 日後に期限切れになります</translation>
    </message>
    <message>
        <source>It expires at %1.</source>
        <translation>有効期限は %1 です。</translation>
    </message>
    <message>
        <source>Automatic renewal is not set up or fails.</source>
        <translation>自動更新が設定されていないか失敗しています。</translation>
    </message>
    <message>
        <source>Renew the certificate (certbot renew, or your provider) and reload the web server.</source>
        <translation>証明書を更新し (certbot renew またはプロバイダー)、Web サーバーを再読み込みしてください。</translation>
    </message>
    <message>
        <source>Notifications through %1 are failing</source>
        <translation>%1 への通知が失敗しています</translation>
    </message>
    <message>
        <source>%1 waiting; last error: %2</source>
        <translation>%1 件待機中。最後のエラー: %2</translation>
    </message>
    <message>
        <source>The webhook URL, SMTP credentials or the network path to it changed.</source>
        <translation>Webhook URL、SMTP 認証情報、またはそこへのネットワーク経路が変わりました。</translation>
    </message>
    <message>
        <source>Check the channel&apos;s settings and that this host reaches it; queued alerts go out once it works.</source>
        <translation>チャネルの設定とこのホストから到達できることを確認してください。復旧すると待機中のアラートが送信されます。</translation>
    </message>
    <message>
        <source>The clocks differ by %1 s</source>
        <translation>時計が %1 秒ずれています</translation>
    </message>
    <message>
        <source>%1 answers with a time %2 s away from this host&apos;s clock.</source>
        <translation>%1 の応答時刻はこのホストの時計と %2 秒ずれています。</translation>
    </message>
    <message>
        <source>Time synchronisation is not running on one of the hosts.</source>
        <translation>いずれかのホストで時刻同期が動いていません。</translation>
    </message>
    <message>
        <source>Enable time synchronisation (systemd-timesyncd or chrony) on both hosts.</source>
        <translation>両方のホストで時刻同期 (systemd-timesyncd または chrony) を有効にしてください。</translation>
    </message>
    <message>
        <source>Diagnosis</source>
        <translation>診断</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>重大度</translation>
    </message>
    <message>
        <source>Finding</source>
        <translation>所見</translation>
    </message>
    <message>
        <source>Open the evidence</source>
        <translation>根拠を開く</translation>
    </message>
    <message>
        <source>Run again</source>
        <translation>再実行</translation>
    </message>
    <message>
        <source>Export Markdown…</source>
        <translation>Markdown で書き出し…</translation>
    </message>
    <message>
        <source>Export HTML…</source>
        <translation>HTML で書き出し…</translation>
    </message>
    <message>
        <source>Export JSON…</source>
        <translation>JSON で書き出し…</translation>
    </message>
    <message>
        <source>Diagnosing…</source>
        <translation>診断中…</translation>
    </message>
    <message>
        <source>Nothing looks wrong.</source>
        <translation>問題は見つかりませんでした。</translation>
    </message>
    <message numerus="yes">
        <source>%n finding(s), the most serious first.</source>
        <translation>
            <numerusform>%n 件の所見 (重大なものから)。</numerusform>
        </translation>
    </message>
    <message>
        <source>Probable cause: %1</source>
        <translation>考えられる原因: %1</translation>
    </message>
    <message>
        <source>Suggested action: %1</source>
        <translation>推奨対応: %1</translation>
    </message>
    <message>
        <source>Evidence:</source>
        <translation>根拠:</translation>
    </message>
    <message>
        <source>  %1 from %2 to %3: %4 → %5 (min %6, max %7)</source>
        <translation>  %1 (%2 〜 %3): %4 → %5 (最小 %6、最大 %7)</translation>
    </message>
    <message>
        <source>Export the diagnosis</source>
        <translation>診断結果の書き出し</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>%1 に書き込めませんでした: %2</translation>
    </message>
    <message>
        <source>Saved to %1.</source>
        <translation>%1 に保存しました。</translation>
    </message>
    <message numerus="yes">
        <source>%n alert(s) firing that nobody has acknowledged</source>
        <translation>
            <numerusform>未対応のアラートが %n 件発生しています</numerusform>
        </translation>
    </message>
    <message>
        <source>The most serious is %1.</source>
        <translation>最も深刻なレベルは %1 です。</translation>
    </message>
    <message>
        <source>See each alert for what it measured.</source>
        <translation>各アラートで測定内容を確認してください。</translation>
    </message>
    <message>
        <source>Open the Alerts page, acknowledge what is being handled and act on the rest.</source>
        <translation>アラートページを開き、対応中のものを「対応中」にして、残りに対処してください。</translation>
    </message>
    <message>
        <source>No notification channel is configured: nobody will be notified</source>
        <translation>通知チャネルが設定されていません。誰にも通知されません</translation>
    </message>
    <message>
        <source>Every channel for error and critical alerts is failing: nobody is being notified</source>
        <translation>エラーと重大アラートの通知チャネルがすべて失敗しています。誰にも通知されていません</translation>
    </message>
    <message>
        <source>No channel is routed for error or critical alerts: nobody will be notified</source>
        <translation>エラーまたは重大アラートの通知先チャネルがありません。誰にも通知されません</translation>
    </message>
    <message>
        <source>Alerts of these levels fire and escalate, but no message leaves the monitored host.</source>
        <translation>このレベルのアラートは発生・エスカレーションしますが、監視対象ホストから通知は送信されません。</translation>
    </message>
    <message>
        <source>The channels&apos; settings or the network path to them changed.</source>
        <translation>チャネルの設定、またはチャネルへのネットワーク経路が変わりました。</translation>
    </message>
    <message>
        <source>The [notify] section has no channel, or its routes leave these levels out.</source>
        <translation>[notify] セクションにチャネルがないか、ルートにこのレベルが含まれていません。</translation>
    </message>
    <message>
        <source>Configure a Slack, email or webhook channel, route error and critical alerts to it, and send a test.</source>
        <translation>Slack、メール、または Webhook のチャネルを設定し、エラーと重大アラートを割り当てて、テスト送信してください。</translation>
    </message>
</context>
<context>
    <name>ErrorText</name>
    <message>
        <source>The daemon could not understand the request.</source>
        <translation>デーモンが要求を解釈できませんでした。</translation>
    </message>
    <message>
        <source>Wrong user name or password, or the session has expired.</source>
        <translation>ユーザー名またはパスワードが正しくないか、セッションの有効期限が切れています。</translation>
    </message>
    <message>
        <source>Your role does not allow this action.</source>
        <translation>この操作を行う権限がありません。</translation>
    </message>
    <message>
        <source>The requested item does not exist.</source>
        <translation>指定された項目は存在しません。</translation>
    </message>
    <message>
        <source>The item already exists or was changed by someone else.</source>
        <translation>項目が既に存在するか、他のユーザーによって変更されています。</translation>
    </message>
    <message>
        <source>The request is too large; choose a shorter range or a larger step.</source>
        <translation>要求が大きすぎます。期間を短くするか、間隔を大きくしてください。</translation>
    </message>
    <message>
        <source>Too many attempts; wait a moment and try again.</source>
        <translation>試行回数が多すぎます。しばらく待ってから再試行してください。</translation>
    </message>
    <message>
        <source>The daemon failed to carry out the request; see its log.</source>
        <translation>デーモンが要求を実行できませんでした。デーモンのログを確認してください。</translation>
    </message>
    <message>
        <source>Not connected to the daemon.</source>
        <translation>デーモンに接続されていません。</translation>
    </message>
    <message>
        <source>The daemon did not answer in time.</source>
        <translation>デーモンから時間内に応答がありませんでした。</translation>
    </message>
    <message>
        <source>The daemon reported an error (%1).</source>
        <translation>デーモンがエラーを報告しました (%1)。</translation>
    </message>
</context>
<context>
    <name>FleetModel</name>
    <message>
        <source>%1 %2</source>
        <comment>count and alert level, e.g. 2 critical</comment>
        <translation>%2 %1 件</translation>
    </message>
    <message>
        <source>none</source>
        <translation>なし</translation>
    </message>
    <message>
        <source>, </source>
        <comment>between the alert counts of one host</comment>
        <translation>、</translation>
    </message>
    <message>
        <source>No heartbeat from %1 since %2: it is down (or cannot reach the store). Its figures are the last it sent.</source>
        <translation>%1 から %2 以降ハートビートがありません。ダウンしているか、運用ストアに接続できません。表示している数値は最後に送られたものです。</translation>
    </message>
    <message>
        <source>The leader runs the fleet&apos;s scheduled jobs, escalation and the host-down check (term %1).</source>
        <translation>リーダーはフリートの定期ジョブ、エスカレーション、ホストダウンの検知を実行します（ターム %1）。</translation>
    </message>
    <message>
        <source>%1 (this daemon)</source>
        <translation>%1（このデーモン）</translation>
    </message>
    <message>
        <source>%1 (agent)</source>
        <translation>%1（エージェント）</translation>
    </message>
    <message>
        <source>Down for %1</source>
        <translation>ダウン（%1 継続）</translation>
    </message>
    <message>
        <source>Up · leader</source>
        <translation>稼働中・リーダー</translation>
    </message>
    <message>
        <source>Up</source>
        <translation>稼働中</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>ホスト</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>メモリ</translation>
    </message>
    <message>
        <source>Disk</source>
        <translation>ディスク</translation>
    </message>
    <message>
        <source>Running tasks</source>
        <translation>実行中タスク</translation>
    </message>
    <message>
        <source>Open alerts</source>
        <translation>未解決アラート</translation>
    </message>
    <message>
        <source>Last heartbeat</source>
        <translation>最終ハートビート</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>バージョン</translation>
    </message>
    <message>
        <source>The console cannot reach server %1: %2. These are the figures it last answered, at %3.</source>
        <translation>コンソールからサーバー %1 に接続できません: %2。表示しているのは %3 時点の最後の応答の値です。</translation>
    </message>
    <message>
        <source>The console cannot reach server %1: %2.</source>
        <translation>コンソールからサーバー %1 に接続できません: %2。</translation>
    </message>
    <message>
        <source>Not reachable</source>
        <translation>接続不可</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>サーバー</translation>
    </message>
</context>
<context>
    <name>FleetPage</name>
    <message>
        <source>The fleet could not be read: %1</source>
        <translation>フリートを読み込めませんでした: %1</translation>
    </message>
    <message>
        <source>No host has reported yet.</source>
        <translation>まだ報告したホストはありません。</translation>
    </message>
    <message numerus="yes">
        <source>%n host(s)</source>
        <translation>
            <numerusform>ホスト %n 台</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 · %n down</source>
        <translation>
            <numerusform>%1・%n 台ダウン</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 · all up</source>
        <translation>%1・すべて稼働中</translation>
    </message>
    <message>
        <source>%1 · no leader: scheduled jobs and escalation wait</source>
        <translation>%1・リーダーなし: 定期ジョブとエスカレーションは停止中です</translation>
    </message>
    <message>
        <source>%1 · leader %2 (term %3)</source>
        <translation>%1・リーダー %2（ターム %3）</translation>
    </message>
    <message>
        <source>Fleet</source>
        <translation>フリート</translation>
    </message>
    <message>
        <source>This daemon cannot reach the fleet&apos;s store (%1): the list is as of %2 and may be out of date.</source>
        <translation>このデーモンはフリートの運用ストアに接続できません（%1）: 一覧は %2 時点のもので、古い可能性があります。</translation>
    </message>
    <message>
        <source>Show on Dashboard and Health</source>
        <translation>ダッシュボードとヘルスに表示</translation>
    </message>
    <message numerus="yes">
        <source>%1 · %n other server(s)</source>
        <translation>
            <numerusform>%1 · 他のサーバー %n 台</numerusform>
        </translation>
    </message>
    <message>
        <source>Or double-click a host. A host of another server connects the window to that server.</source>
        <translation>ホストをダブルクリックしても表示できます。他のサーバーのホストを選ぶと、ウィンドウの接続先がそのサーバーに切り替わります。</translation>
    </message>
    <message>
        <source>Other servers…</source>
        <translation>他のサーバー…</translation>
    </message>
    <message>
        <source>Watch saved servers (independent daemons, each with its own store and sign-in) on this page.</source>
        <translation>保存済みのサーバー(それぞれ独自のストアとサインインを持つ独立したデーモン)をこのページで監視します。</translation>
    </message>
    <message>
        <source>Every daemon on the same PostgreSQL store is a host of this fleet. A host that sends no heartbeat for the fleet&apos;s down time is down and raises a host-down alert; the leader runs the scheduled jobs and escalation for all of them. Hosts of other servers are watched through their own connections.</source>
        <translation>同じ PostgreSQL ストアを使うデーモンはすべてこのフリートのホストです。ダウン判定時間のあいだハートビートを送らないホストはダウンとみなされ、ホストダウンのアラートが発生します。スケジュールされたジョブとエスカレーションはリーダーが全ホスト分を実行します。他のサーバーのホストは、それぞれ専用の接続で監視します。</translation>
    </message>
    <message numerus="yes">
        <source>%1 · %n not reachable</source>
        <translation>
            <numerusform>%1 · 接続不可 %n 台</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Formatting</name>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>%1/s</source>
        <translation>%1/秒</translation>
    </message>
    <message numerus="yes">
        <source>%n s ago</source>
        <translation>
            <numerusform>%n 秒前</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n min ago</source>
        <translation>
            <numerusform>%n 分前</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n h ago</source>
        <translation>
            <numerusform>%n 時間前</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 B</source>
        <translation>%1 B</translation>
    </message>
</context>
<context>
    <name>HealthPage</name>
    <message>
        <source>%1 ms</source>
        <translation>%1 ミリ秒</translation>
    </message>
    <message>
        <source>CPU %1, memory %2</source>
        <translation>CPU %1、メモリ %2</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message numerus="yes">
        <source>%1 used, %n client(s)</source>
        <translation>
            <numerusform>%1 使用、クライアント %n</numerusform>
        </translation>
    </message>
    <message>
        <source>certificate: %1 days left</source>
        <translation>証明書: 残り %1 日</translation>
    </message>
    <message>
        <source>HTTP %1</source>
        <translation>HTTP %1</translation>
    </message>
    <message>
        <source>last backup: %1</source>
        <translation>最終バックアップ: %1</translation>
    </message>
    <message>
        <source>none</source>
        <translation>なし</translation>
    </message>
    <message>
        <source>event loop lag %1 ms</source>
        <translation>イベントループ遅延 %1 ミリ秒</translation>
    </message>
    <message>
        <source>Metrics sampler</source>
        <translation>メトリクス収集</translation>
    </message>
    <message>
        <source>Ops store</source>
        <translation>運用ストア</translation>
    </message>
    <message>
        <source>CPU and memory</source>
        <translation>CPU とメモリ</translation>
    </message>
    <message>
        <source>Disks</source>
        <translation>ディスク</translation>
    </message>
    <message>
        <source>This daemon</source>
        <translation>このデーモン</translation>
    </message>
    <message>
        <source>Service database</source>
        <translation>サービスDB</translation>
    </message>
    <message>
        <source>Redis</source>
        <translation>Redis</translation>
    </message>
    <message>
        <source>Backups</source>
        <translation>バックアップ</translation>
    </message>
    <message>
        <source>Notification channels</source>
        <translation>通知チャネル</translation>
    </message>
    <message>
        <source>Endpoint %1</source>
        <translation>エンドポイント %1</translation>
    </message>
    <message>
        <source>Port %1</source>
        <translation>ポート %1</translation>
    </message>
    <message>
        <source>DNS %1</source>
        <translation>DNS %1</translation>
    </message>
    <message>
        <source>timed out</source>
        <translation>タイムアウト</translation>
    </message>
    <message>
        <source>unreachable</source>
        <translation>到達不能</translation>
    </message>
    <message>
        <source>authentication failed</source>
        <translation>認証失敗</translation>
    </message>
    <message>
        <source>query failed</source>
        <translation>クエリ失敗</translation>
    </message>
    <message>
        <source>unexpected HTTP status</source>
        <translation>想定外の HTTP ステータス</translation>
    </message>
    <message>
        <source>unexpected answer</source>
        <translation>想定外の応答</translation>
    </message>
    <message>
        <source>TLS handshake failed</source>
        <translation>TLS ハンドシェイク失敗</translation>
    </message>
    <message>
        <source>certificate expiring</source>
        <translation>証明書の期限切れ間近</translation>
    </message>
    <message>
        <source>name not resolved</source>
        <translation>名前解決できません</translation>
    </message>
    <message>
        <source>above the warning threshold</source>
        <translation>警告しきい値超過</translation>
    </message>
    <message>
        <source>above the critical threshold</source>
        <translation>重大しきい値超過</translation>
    </message>
    <message>
        <source>no recent sample</source>
        <translation>最近のサンプルなし</translation>
    </message>
    <message>
        <source>falling behind</source>
        <translation>処理が遅れています</translation>
    </message>
    <message>
        <source>no backup yet</source>
        <translation>バックアップなし</translation>
    </message>
    <message>
        <source>backup too old</source>
        <translation>バックアップが古すぎます</translation>
    </message>
    <message>
        <source>a channel is failing</source>
        <translation>失敗しているチャネルあり</translation>
    </message>
    <message>
        <source>misconfigured</source>
        <translation>設定誤り</translation>
    </message>
    <message>
        <source>Healthy, with a warning</source>
        <translation>正常 (警告あり)</translation>
    </message>
    <message>
        <source>Healthy</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>Check failed</source>
        <translation>チェック失敗</translation>
    </message>
    <message>
        <source>Unhealthy (critical)</source>
        <translation>異常 (重大)</translation>
    </message>
    <message>
        <source>Unhealthy</source>
        <translation>異常</translation>
    </message>
    <message>
        <source>Running every check…</source>
        <translation>すべてのチェックを実行中…</translation>
    </message>
    <message>
        <source>Run checks now</source>
        <translation>今すぐチェック</translation>
    </message>
    <message>
        <source>Run diagnosis…</source>
        <translation>診断を実行…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>更新</translation>
    </message>
    <message>
        <source>Changes</source>
        <translation>状態の変化</translation>
    </message>
    <message>
        <source>Performance over the last minute, per endpoint</source>
        <translation>直近 1 分間のエンドポイント別パフォーマンス</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>時刻</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>チェック</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>エンドポイント</translation>
    </message>
    <message>
        <source>Requests/min</source>
        <translation>リクエスト/分</translation>
    </message>
    <message>
        <source>Average</source>
        <translation>平均</translation>
    </message>
    <message>
        <source>p95</source>
        <translation>p95</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>エラー率</translation>
    </message>
    <message>
        <source>Health: not known yet</source>
        <translation>ヘルス: まだ不明</translation>
    </message>
    <message>
        <source>Average (ms)</source>
        <translation>平均 (ミリ秒)</translation>
    </message>
    <message>
        <source>p95 (ms)</source>
        <translation>p95 (ミリ秒)</translation>
    </message>
    <message>
        <source>no channel configured: nobody will be notified</source>
        <translation>通知チャネル未設定: 誰にも通知されません</translation>
    </message>
    <message>
        <source>no channel for error or critical alerts: nobody will be notified</source>
        <translation>エラー／重大アラートの通知先なし: 誰にも通知されません</translation>
    </message>
    <message>
        <source>every channel for error or critical alerts is failing: nobody is being notified</source>
        <translation>エラー／重大アラートの通知チャネルがすべて失敗: 誰にも通知されていません</translation>
    </message>
    <message>
        <source>cannot heartbeat to the fleet&apos;s store</source>
        <translation>フリートの運用ストアにハートビートを送れません</translation>
    </message>
    <message>
        <source>a host of the fleet is down</source>
        <translation>フリートのホストがダウンしています</translation>
    </message>
    <message>
        <source>no member leads the fleet: scheduled jobs and escalation wait</source>
        <translation>フリートのリーダーがいません: 定期ジョブとエスカレーションは停止中です</translation>
    </message>
    <message>
        <source>another daemon uses this host name: this one stands aside</source>
        <translation>別のデーモンが同じホスト名を使っています: このデーモンは待機します</translation>
    </message>
    <message>
        <source>the store does not answer: writes are waiting</source>
        <translation>ストアが応答しません: 書き込みが待機中です</translation>
    </message>
    <message>
        <source>writes are waiting for the store</source>
        <translation>ストアへの書き込みが滞留しています</translation>
    </message>
    <message>
        <source>Each host&apos;s daemon runs its own checks; this page shows %1&apos;s last report.</source>
        <translation>チェックは各ホストのデーモンが実行します。このページには %1 の最新の報告を表示しています。</translation>
    </message>
    <message>
        <source>%1:</source>
        <translation>%1:</translation>
    </message>
    <message>
        <source>healthy</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>unhealthy</source>
        <translation>異常</translation>
    </message>
    <message>
        <source>Not known — no heartbeat since %1 (its last report said %2)</source>
        <translation>不明 — %1 以降ハートビートがありません (最後の報告では %2)</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>不明</translation>
    </message>
    <message>
        <source>Last reported: %1</source>
        <translation>最後の報告: %1</translation>
    </message>
    <message>
        <source>Performance over the last minute, per endpoint (reported to %1)</source>
        <translation>直近 1 分間のエンドポイント別パフォーマンス (%1 への報告)</translation>
    </message>
    <message>
        <source>Diagnosis runs on this daemon&apos;s own host; go back to it on the Dashboard to run it.</source>
        <translation>診断はこのデーモン自身のホストで実行します。実行するにはダッシュボードでこのホストに戻ってください。</translation>
    </message>
    <message>
        <source>the hub has taken no push from this agent for a minute: its figures wait in the buffer</source>
        <translation>ハブがこのエージェントからの送信を 1 分間受け取っていません。データはバッファで待機しています</translation>
    </message>
</context>
<context>
    <name>LogsModel</name>
    <message>
        <source>Time</source>
        <translation>日時</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>レベル</translation>
    </message>
    <message>
        <source>Logger</source>
        <translation>ロガー</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>メッセージ</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>送信元</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>ホスト</translation>
    </message>
</context>
<context>
    <name>LogsPage</name>
    <message>
        <source>Log search</source>
        <translation>ログ検索</translation>
    </message>
    <message>
        <source>Search: words, &quot;phrases&quot;, level:error, logger:worker, extra.task.id:42 …</source>
        <translation>検索: 単語、&quot;フレーズ&quot;、level:error、logger:worker、extra.task.id:42 …</translation>
    </message>
    <message>
        <source>All levels</source>
        <translation>すべてのレベル</translation>
    </message>
    <message>
        <source>Critical</source>
        <translation>重大のみ</translation>
    </message>
    <message>
        <source>Errors and worse</source>
        <translation>エラー以上</translation>
    </message>
    <message>
        <source>Warnings and worse</source>
        <translation>警告以上</translation>
    </message>
    <message>
        <source>Last 15 minutes</source>
        <translation>直近 15 分</translation>
    </message>
    <message>
        <source>Last hour</source>
        <translation>直近 1 時間</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>直近 24 時間</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>直近 7 日間</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>検索</translation>
    </message>
    <message>
        <source>Query syntax</source>
        <translation>検索構文</translation>
    </message>
    <message>
        <source>Live tail</source>
        <translation>ライブ追跡</translation>
    </message>
    <message>
        <source>Load older lines</source>
        <translation>さらに古い行を読み込む</translation>
    </message>
    <message>
        <source>Lines per level (click a bar to zoom in)</source>
        <translation>レベル別の行数 (棒をクリックで拡大)</translation>
    </message>
    <message>
        <source>New lines appear as they arrive. Untick to pause the list.</source>
        <translation>新しいログ行が届くたびに表示されます。チェックを外すと一覧を一時停止します。</translation>
    </message>
    <message>
        <source>The query is not valid at character %1: %2</source>
        <translation>検索条件の %1 文字目が正しくありません: %2</translation>
    </message>
    <message>
        <source>Context: the lines of the same source around the selected one</source>
        <translation>前後の行: 選択した行と同じ送信元の前後のログ</translation>
    </message>
    <message>
        <source>Save this query…</source>
        <translation>この検索条件を保存…</translation>
    </message>
    <message>
        <source>Save query</source>
        <translation>検索条件を保存</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名前:</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>削除</translation>
    </message>
    <message>
        <source>Context</source>
        <translation>前後の行</translation>
    </message>
    <message>
        <source>The lines of the same source a minute either side of the selected line.</source>
        <translation>選択した行の前後 1 分間の、同じ送信元のログを表示します。</translation>
    </message>
    <message>
        <source>Saved queries</source>
        <translation>保存した検索条件</translation>
    </message>
    <message numerus="yes">
        <source>%n line(s) in the range; error rate %1 (previous period %2)</source>
        <translation>
            <numerusform>期間内 %n 行、エラー率 %1 (前の期間 %2)</numerusform>
        </translation>
    </message>
    <message>
        <source>Words and &quot;quoted phrases&quot; must all match; -word excludes. There is no OR.
level:error or level:warning,error — one of these levels
logger:worker   source:api   host:worker-1   extra.task.id:42
since:15m (s, m, h, d, w)   from:2026-11-28T10:00:00Z   to:…</source>
        <translation>単語と &quot;引用符で囲んだフレーズ&quot; はすべて一致する必要があります。-単語 で除外します。OR はありません。
level:error または level:warning,error — いずれかのレベル
logger:worker   source:api   host:worker-1   extra.task.id:42
since:15m (s, m, h, d, w)   from:2026-11-28T10:00:00Z   to:…</translation>
    </message>
    <message>
        <source>All hosts</source>
        <translation>すべてのホスト</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>About FormAuto Ops</source>
        <translation>FormAuto Ops について</translation>
    </message>
    <message>
        <source>FormAuto Ops console %1
Operations console for the formauto service.</source>
        <translation>FormAuto Ops コンソール %1
formauto サービスの運用コンソールです。</translation>
    </message>
    <message>
        <source>The session could not be kept in the keychain: %1</source>
        <translation>セッションを資格情報ストアに保存できませんでした: %1</translation>
    </message>
    <message>
        <source>Disconnected</source>
        <translation>未接続</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>接続中…</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>サインイン中…</translation>
    </message>
    <message>
        <source>Connection lost, reconnecting…</source>
        <translation>接続が切断されました。再接続中…</translation>
    </message>
    <message>
        <source>Connected, no updates</source>
        <translation>接続済み (更新なし)</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>接続済み</translation>
    </message>
    <message>
        <source>Server: %1</source>
        <translation>サーバー: %1</translation>
    </message>
    <message>
        <source>User: %1 (%2)</source>
        <translation>ユーザー: %1 (%2)</translation>
    </message>
    <message>
        <source>Last update: %1</source>
        <translation>最終更新: %1</translation>
    </message>
    <message>
        <source>Round trip: %1 ms</source>
        <translation>往復時間: %1 ミリ秒</translation>
    </message>
    <message>
        <source>FormAuto Ops</source>
        <translation>FormAuto Ops</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>ダッシュボード</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>ファイル(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Connect…</source>
        <translation>接続(&amp;C)…</translation>
    </message>
    <message>
        <source>&amp;Disconnect</source>
        <translation>切断(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>終了(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>表示(&amp;V)</translation>
    </message>
    <message>
        <source>Live 5 minutes</source>
        <translation>ライブ (5 分)</translation>
    </message>
    <message>
        <source>Last hour</source>
        <translation>直近 1 時間</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>直近 24 時間</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>直近 7 日間</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>言語(&amp;L)</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>システムの既定</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>ヘルプ(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About</source>
        <translation>このアプリについて(&amp;A)</translation>
    </message>
    <message>
        <source>Open audit bundle</source>
        <translation>監査バンドルを開く</translation>
    </message>
    <message>
        <source>Audit bundles (*.json)</source>
        <translation>監査バンドル (*.json)</translation>
    </message>
    <message>
        <source>Logs</source>
        <translation>ログ</translation>
    </message>
    <message>
        <source>Audit</source>
        <translation>監査</translation>
    </message>
    <message>
        <source>Open audit &amp;bundle…</source>
        <translation>監査バンドルを開く(&amp;B)…</translation>
    </message>
    <message>
        <source>%1 alert</source>
        <translation>%1 アラート</translation>
    </message>
    <message>
        <source>Alerts (%1)</source>
        <translation>アラート (%1)</translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation>アラート</translation>
    </message>
    <message numerus="yes">
        <source>FormAuto Ops: %n unacknowledged alert(s)</source>
        <translation>
            <numerusform>FormAuto Ops: 未対応のアラート %n 件</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Sound for new error and critical alerts</source>
        <translation>新しいエラー・重大アラートで音を鳴らす(&amp;S)</translation>
    </message>
    <message>
        <source>Backups</source>
        <translation>バックアップ</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>ヘルス</translation>
    </message>
    <message>
        <source>No secure connection to %1: %2</source>
        <translation>%1 と安全に接続できません: %2</translation>
    </message>
    <message>
        <source>Encrypted (%1)</source>
        <translation>暗号化 (%1)</translation>
    </message>
    <message>
        <source>Certificate: %1
SHA-256: %2
Valid until: %3</source>
        <translation>証明書: %1
SHA-256: %2
有効期限: %3</translation>
    </message>
    <message>
        <source>Not encrypted</source>
        <translation>暗号化なし</translation>
    </message>
    <message>
        <source>Passwords, tokens and everything on screen cross the network in clear. Connect with wss://.</source>
        <translation>パスワードやトークン、画面のすべての内容が平文のままネットワークを流れています。wss:// で接続してください。</translation>
    </message>
    <message>
        <source>Not encrypted (this computer only)</source>
        <translation>暗号化なし (このコンピューター内のみ)</translation>
    </message>
    <message>
        <source>The daemon runs on this computer; nothing leaves it.</source>
        <translation>デーモンはこのコンピューター上で動いており、通信は外に出ません。</translation>
    </message>
    <message>
        <source>Certificate changed: refused</source>
        <translation>証明書の変更を検出: 接続拒否</translation>
    </message>
    <message>
        <source>Certificate not trusted</source>
        <translation>証明書を信頼しませんでした</translation>
    </message>
    <message>
        <source>No answer over ws:// — does the daemon want wss://?</source>
        <translation>ws:// で応答なし — デーモンは wss:// が必要では?</translation>
    </message>
    <message>
        <source>The daemon closed the connection without answering. A daemon with TLS on does that to plain text: connect with wss:// instead.</source>
        <translation>デーモンが応答せずに接続を閉じました。TLS が有効なデーモンは平文の接続にこう応じます。wss:// で接続してください。</translation>
    </message>
    <message>
        <source>FormAuto Ops — no updates since %1</source>
        <translation>FormAuto Ops — %1 以降更新なし</translation>
    </message>
    <message>
        <source>FormAuto Ops: no updates since %1</source>
        <translation>FormAuto Ops: %1 以降更新なし</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>更新(&amp;R)</translation>
    </message>
    <message>
        <source>Back to &amp;live</source>
        <translation>ライブ表示に戻る(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Search</source>
        <translation>検索(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation>テーマ(&amp;T)</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>システムに合わせる</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>ライト</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>ダーク</translation>
    </message>
    <message>
        <source>&amp;Mute notifications (muted until %1)</source>
        <translation>通知をミュート(&amp;M) (%1 までミュート中)</translation>
    </message>
    <message>
        <source>&amp;Mute notifications</source>
        <translation>通知をミュート(&amp;M)</translation>
    </message>
    <message numerus="yes">
        <source>For %n hour(s)</source>
        <translation>
            <numerusform>%n 時間</numerusform>
        </translation>
    </message>
    <message>
        <source>Unmute</source>
        <translation>ミュートを解除</translation>
    </message>
    <message>
        <source>No update from the daemon since %1 (%2): every page shows what it knew then.</source>
        <translation>%1 (%2) 以降、デーモンから更新がありません。どのページもその時点の内容です。</translation>
    </message>
    <message>
        <source>Fleet</source>
        <translation>フリート</translation>
    </message>
    <message>
        <source>the keychain did not give its sign-in: %1</source>
        <translation>資格情報ストアからサインイン情報を取得できませんでした: %1</translation>
    </message>
    <message>
        <source>Other servers on the Fleet page</source>
        <translation>フリートページに表示する他のサーバー</translation>
    </message>
    <message>
        <source>%1 (connected)</source>
        <translation>%1 (接続中)</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>no remembered sign-in: connect to it once with “Remember the session in the system keychain” ticked</source>
        <translation>保存されたサインインがありません。「セッションをシステムの資格情報ストアに保存する」にチェックを入れて一度接続してください</translation>
    </message>
    <message>
        <source>Saved servers to watch beside the one this window is connected to. Each is reached with its own remembered sign-in; a server you have not signed in to with “Remember the session in the system keychain” ticked is shown as not reachable until you do.</source>
        <translation>このウィンドウの接続先とあわせて監視する保存済みサーバーです。各サーバーには、それぞれ保存されたサインインで接続します。「セッションをシステムの資格情報ストアに保存する」にチェックを入れてサインインしていないサーバーは、サインインするまで「接続不可」と表示されます。</translation>
    </message>
    <message>
        <source>No saved server yet: connect to one (File &gt; Connect…) and save it.</source>
        <translation>保存済みのサーバーはまだありません。「ファイル &gt; 接続…」で接続して保存してください。</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <source>%1: “%2”</source>
        <translation>%1: 「%2」</translation>
    </message>
    <message>
        <source>CPU usage</source>
        <translation>CPU 使用率</translation>
    </message>
    <message>
        <source>Memory usage</source>
        <translation>メモリ使用率</translation>
    </message>
    <message>
        <source>Swap usage</source>
        <translation>スワップ使用率</translation>
    </message>
    <message>
        <source>Disk usage (/)</source>
        <translation>ディスク使用率 (/)</translation>
    </message>
    <message>
        <source>Task success rate</source>
        <translation>タスク成功率</translation>
    </message>
    <message>
        <source>Running tasks</source>
        <translation>実行中タスク</translation>
    </message>
    <message>
        <source>Error rate</source>
        <translation>エラー率</translation>
    </message>
    <message>
        <source>Average response time</source>
        <translation>平均応答時間</translation>
    </message>
    <message>
        <source>Load average (%1 min)</source>
        <translation>ロードアベレージ (%1 分)</translation>
    </message>
    <message>
        <source>backup</source>
        <translation>バックアップ</translation>
    </message>
    <message>
        <source>backup verification</source>
        <translation>バックアップ検証</translation>
    </message>
    <message>
        <source>restore drill</source>
        <translation>復元訓練</translation>
    </message>
    <message>
        <source>backup retention</source>
        <translation>バックアップ保持処理</translation>
    </message>
    <message>
        <source>log retention</source>
        <translation>ログ保持処理</translation>
    </message>
    <message>
        <source>diagnosis digest</source>
        <translation>診断ダイジェスト</translation>
    </message>
    <message numerus="yes">
        <source>%1 is %2 (threshold %3, for %n s)</source>
        <translation>
            <numerusform>%1が %2 (しきい値 %3、%n 秒継続)</numerusform>
        </translation>
    </message>
    <message>
        <source>The health check %1 is failing</source>
        <translation>ヘルスチェック %1 が異常です</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>The audit log cannot be written, so actions are refused until it can (%1: %2)</source>
        <translation>監査ログに書き込めないため、書き込めるようになるまで操作は拒否されます (%1: %2)</translation>
    </message>
    <message numerus="yes">
        <source>Deliveries through %1 failed %n time(s) in a row; last error: %2</source>
        <translation>
            <numerusform>%1 への送信が %n 回連続で失敗しました。最後のエラー: %2</numerusform>
        </translation>
    </message>
    <message>
        <source>The scheduled %1 failed: %2</source>
        <translation>スケジュールされた%1が失敗しました: %2</translation>
    </message>
    <message>
        <source>Health check %1 is failing</source>
        <translation>ヘルスチェック %1 が異常</translation>
    </message>
    <message>
        <source>Notification channel %1 is failing</source>
        <translation>通知チャネル %1 で送信失敗が続いています</translation>
    </message>
    <message>
        <source>The audit log cannot be written</source>
        <translation>監査ログに書き込めません</translation>
    </message>
    <message>
        <source>Scheduled %1 failed</source>
        <translation>スケジュールされた%1が失敗</translation>
    </message>
    <message>
        <source>CPU usage above 80 %</source>
        <translation>CPU 使用率が 80 % を超過</translation>
    </message>
    <message>
        <source>CPU usage above 95 %</source>
        <translation>CPU 使用率が 95 % を超過</translation>
    </message>
    <message>
        <source>Memory usage above 85 %</source>
        <translation>メモリ使用率が 85 % を超過</translation>
    </message>
    <message>
        <source>Memory usage above 95 %</source>
        <translation>メモリ使用率が 95 % を超過</translation>
    </message>
    <message>
        <source>Disk usage above 90 %</source>
        <translation>ディスク使用率が 90 % を超過</translation>
    </message>
    <message>
        <source>Task success rate below 50 %</source>
        <translation>タスク成功率が 50 % を下回っています</translation>
    </message>
    <message>
        <source>%1 crossed its threshold</source>
        <translation>%1 がしきい値を超えました</translation>
    </message>
    <message>
        <source>fired at a value of %1</source>
        <translation>発生 (値 %1)</translation>
    </message>
    <message>
        <source>fired</source>
        <translation>発生</translation>
    </message>
    <message>
        <source>acknowledged by %1</source>
        <translation>%1 が対応開始</translation>
    </message>
    <message>
        <source>resolved by %1</source>
        <translation>%1 が解決</translation>
    </message>
    <message>
        <source>resolved: the condition cleared</source>
        <translation>解決: 条件が解消しました</translation>
    </message>
    <message>
        <source>escalated (step %1): %2 → %3</source>
        <translation>エスカレーション (段階 %1): %2 → %3</translation>
    </message>
    <message>
        <source>notifications held by %1</source>
        <translation>%1 により通知を保留</translation>
    </message>
    <message>
        <source>notifications held by a silence of %1 until %2</source>
        <translation>%1 のサイレンスにより %2 まで通知を保留</translation>
    </message>
    <message>
        <source>silence over: notifications resume</source>
        <translation>サイレンス終了: 通知を再開</translation>
    </message>
    <message>
        <source>notified through %1 (attempt %2)</source>
        <translation>%1 で通知しました (%2 回目)</translation>
    </message>
    <message>
        <source>notification through %1 failed (attempt %2): %3</source>
        <translation>%1 での通知に失敗 (%2 回目): %3</translation>
    </message>
    <message>
        <source>service database</source>
        <translation>サービスデータベース</translation>
    </message>
    <message>
        <source>ops store</source>
        <translation>運用ストア</translation>
    </message>
    <message>
        <source>files %1</source>
        <translation>ファイル %1</translation>
    </message>
    <message>
        <source>safety backup</source>
        <translation>安全のためのバックアップ</translation>
    </message>
    <message>
        <source>restore dry run</source>
        <translation>復元ドライラン</translation>
    </message>
    <message>
        <source>restore</source>
        <translation>復元</translation>
    </message>
    <message>
        <source>Too many logins at once; try again in a moment.</source>
        <translation>同時に行われているログインが多すぎます。しばらくしてから再度お試しください。</translation>
    </message>
    <message>
        <source>Too many failed logins; wait a while before trying again.</source>
        <translation>ログインの失敗が多すぎます。しばらく待ってから再度お試しください。</translation>
    </message>
    <message>
        <source>The daemon could not check the login; see its log.</source>
        <translation>デーモンがログインを確認できませんでした。デーモンのログを確認してください。</translation>
    </message>
    <message>
        <source>Wrong user name or password.</source>
        <translation>ユーザー名またはパスワードが違います。</translation>
    </message>
    <message>
        <source>The daemon could not store the session; see its log.</source>
        <translation>デーモンがセッションを保存できませんでした。デーモンのログを確認してください。</translation>
    </message>
    <message>
        <source>The audit log could not be written, so the action was not carried out.</source>
        <translation>監査ログに書き込めなかったため、操作は実行されませんでした。</translation>
    </message>
    <message>
        <source>Too many searches are running on the daemon; try again shortly.</source>
        <translation>デーモンで実行中の検索が多すぎます。少し待ってから再度お試しください。</translation>
    </message>
    <message>
        <source>Backups are not enabled on this daemon.</source>
        <translation>このデーモンではバックアップが有効になっていません。</translation>
    </message>
    <message>
        <source>The scheduler is not enabled on this daemon.</source>
        <translation>このデーモンではスケジューラーが有効になっていません。</translation>
    </message>
    <message>
        <source>A restore must be confirmed by typing the backup&apos;s name.</source>
        <translation>復元するには、確認のためバックアップ名を入力する必要があります。</translation>
    </message>
    <message>
        <source>That job is no longer running.</source>
        <translation>そのジョブはもう実行されていません。</translation>
    </message>
    <message>
        <source>a quote opened here is never closed</source>
        <translation>ここで開いた引用符が閉じられていません</translation>
    </message>
    <message>
        <source>only words and phrases can be excluded with “-”</source>
        <translation>「-」で除外できるのは単語とフレーズだけです</translation>
    </message>
    <message>
        <source>since: takes a duration such as 30s, 15m, 2h, 7d or 1w</source>
        <translation>since: には 30s、15m、2h、7d、1w のような期間を指定します</translation>
    </message>
    <message>
        <source>from: is after to:</source>
        <translation>from: が to: より後になっています</translation>
    </message>
    <message>
        <source>there is no backup yet</source>
        <translation>バックアップがまだありません</translation>
    </message>
    <message>
        <source>every backup is verified</source>
        <translation>すべてのバックアップが検証済みです</translation>
    </message>
    <message>
        <source>no email channel is configured ([notify] smtp_url)</source>
        <translation>メールの通知チャネルが設定されていません ([notify] smtp_url)</translation>
    </message>
    <message>
        <source>nothing found</source>
        <translation>問題は見つかりませんでした</translation>
    </message>
    <message>
        <source>log retention applied</source>
        <translation>ログ保持処理を適用しました</translation>
    </message>
    <message>
        <source>every checksum matches</source>
        <translation>すべてのチェックサムが一致しました</translation>
    </message>
    <message>
        <source>the backup holds no database to drill</source>
        <translation>このバックアップには復元訓練の対象となるデータベースがありません</translation>
    </message>
    <message>
        <source>dry run: nothing was changed</source>
        <translation>ドライラン: 何も変更されていません</translation>
    </message>
    <message>
        <source>restored</source>
        <translation>復元しました</translation>
    </message>
    <message>
        <source>cancelled; nothing was left behind</source>
        <translation>取り消しました。作業の痕跡は残っていません</translation>
    </message>
    <message>
        <source>no service database is configured on this daemon</source>
        <translation>このデーモンにはサービスのデータベースが設定されていません</translation>
    </message>
    <message>
        <source>did not exist before; removed</source>
        <translation>復元前は存在しなかったため削除しました</translation>
    </message>
    <message>
        <source>the previous content is back in place</source>
        <translation>以前の内容を元に戻しました</translation>
    </message>
    <message>
        <source>restored from the safety backup</source>
        <translation>安全のためのバックアップから戻しました</translation>
    </message>
    <message>
        <source>this is not a formauto audit bundle (version 1)</source>
        <translation>formauto の監査バンドル (バージョン 1) ではありません</translation>
    </message>
    <message>
        <source>the bundle&apos;s public key or signature is missing or malformed</source>
        <translation>バンドルの公開鍵または署名がないか、形式が正しくありません</translation>
    </message>
    <message>
        <source>A %1 job is running; one job runs at a time.</source>
        <translation>%1のジョブを実行中です。ジョブは一度に 1 つだけ実行できます。</translation>
    </message>
    <message>
        <source>There is no backup named %1.</source>
        <translation>%1 という名前のバックアップはありません。</translation>
    </message>
    <message>
        <source>There is no scheduled job %1.</source>
        <translation>スケジュールされたジョブ「%1」はありません。</translation>
    </message>
    <message>
        <source>The %1 is already running.</source>
        <translation>%1はすでに実行中です。</translation>
    </message>
    <message>
        <source>the query is longer than %1 characters</source>
        <translation>クエリが %1 文字を超えています</translation>
    </message>
    <message>
        <source>the query has more than %1 terms; narrow it</source>
        <translation>クエリの条件が %1 個を超えています。条件を絞ってください</translation>
    </message>
    <message>
        <source>“%1:” needs a value</source>
        <translation>「%1:」には値が必要です</translation>
    </message>
    <message>
        <source>there is no %1: every word must match, -word excludes a word, level:warning,error takes either level, and “%1” in quotes searches for the word</source>
        <translation>%1 は使えません: すべての単語が一致する行を検索します。-単語 で除外、level:warning,error でいずれかのレベル、引用符で囲んだ「%1」でその単語を検索します</translation>
    </message>
    <message>
        <source>unknown level “%1” (debug, info, warning, error, critical, unknown)</source>
        <translation>不明なレベル「%1」です (debug、info、warning、error、critical、unknown)</translation>
    </message>
    <message>
        <source>%1: takes an ISO-8601 time such as 2026-11-28T10:00:00Z</source>
        <translation>%1: には 2026-11-28T10:00:00Z のような ISO-8601 形式の時刻を指定します</translation>
    </message>
    <message>
        <source>nothing to delete</source>
        <translation>削除対象はありません</translation>
    </message>
    <message numerus="yes">
        <source>%n backup(s) deleted: %1</source>
        <translation>
            <numerusform>%n 件のバックアップを削除しました: %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>digest with %n finding(s) queued for email</source>
        <translation>
            <numerusform>%n 件の検出事項を含むダイジェストをメール送信待ちにしました</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n finding(s): %1</source>
        <translation>
            <numerusform>検出事項 %n 件: %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n database(s) restored into a scratch database, integrity checked, row counts match</source>
        <translation>
            <numerusform>%n 個のデータベースを作業用データベースに復元し、整合性を確認しました。行数は一致しています</numerusform>
        </translation>
    </message>
    <message>
        <source>the daemon&apos;s own store is not replaced by a restore; for disaster recovery, stop the daemon and put %1 from the archive in place</source>
        <translation>デーモン自身の運用ストアは復元では置き換えられません。障害から復旧する場合は、デーモンを停止してアーカイブ内の %1 を配置してください</translation>
    </message>
    <message>
        <source>%1 is not one of this daemon&apos;s [backup] directories</source>
        <translation>%1 はこのデーモンの [backup] ディレクトリではありません</translation>
    </message>
    <message>
        <source>row %1 cannot be read: %2</source>
        <translation>%1 行目を読み取れません: %2</translation>
    </message>
    <message>
        <source>row %1 was changed: its content does not match its digest</source>
        <translation>%1 行目が変更されています: 内容がダイジェストと一致しません</translation>
    </message>
    <message>
        <source>row %1 does not follow row %2: rows were removed or reordered</source>
        <translation>%1 行目が %2 行目の次になっていません: 行が削除されたか並べ替えられています</translation>
    </message>
    <message>
        <source>created %1 (%2)</source>
        <translation>%1 (%2) を作成しました</translation>
    </message>
    <message>
        <source>, </source>
        <extracomment>Separator between the items of a list inside a sentence.</extracomment>
        <translation>、</translation>
    </message>
    <message>
        <source>scheduled</source>
        <translation>スケジュール実行</translation>
    </message>
    <message>
        <source>found on disk</source>
        <translation>ディスク上で検出</translation>
    </message>
    <message>
        <source>not selected by any rule</source>
        <translation>どの保持ルールにも該当しない</translation>
    </message>
    <message>
        <source>newest verified backup</source>
        <translation>検証済みの最新バックアップ</translation>
    </message>
    <message>
        <source>newest of its day</source>
        <translation>その日の最新</translation>
    </message>
    <message>
        <source>newest of its week</source>
        <translation>その週の最新</translation>
    </message>
    <message>
        <source>newest of its month</source>
        <translation>その月の最新</translation>
    </message>
    <message>
        <source>requested by %1</source>
        <translation>%1 による手動実行</translation>
    </message>
    <message>
        <source>safety backup before restoring %1</source>
        <translation>%1 の復元前の安全バックアップ</translation>
    </message>
    <message numerus="yes">
        <source>within %n day(s)</source>
        <translation>
            <numerusform>%n 日以内</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>among the newest %n</source>
        <translation>
            <numerusform>最新 %n 件に含まれる</numerusform>
        </translation>
    </message>
    <message>
        <source>the restore drill found problems</source>
        <translation>復元訓練で問題が見つかりました</translation>
    </message>
    <message>
        <source>taken with formauto-opsd backup create</source>
        <translation>formauto-opsd backup create で作成</translation>
    </message>
    <message>
        <source>error: %1</source>
        <translation>エラー: %1</translation>
    </message>
    <message>
        <source>No heartbeat from %1 since %2 (a host is down after %3 s of silence)</source>
        <translation>%1 から %2 以降ハートビートがありません（%3 秒応答がないとダウンとみなします）</translation>
    </message>
    <message>
        <source>Host %1 is down</source>
        <translation>ホスト %1 がダウンしています</translation>
    </message>
    <message>
        <source>There is no host %1 in the fleet.</source>
        <translation>フリートにホスト %1 はありません。</translation>
    </message>
    <message>
        <source>Host %1 has not reported this yet.</source>
        <translation>ホスト %1 はまだこれを報告していません。</translation>
    </message>
    <message>
        <source>unknown field “%1” (level, logger, source, host, since, from, to, extra.PATH)</source>
        <translation>不明なフィールド「%1」です (level、logger、source、host、since、from、to、extra.PATH)</translation>
    </message>
    <message>
        <source>The daemon&apos;s store is not taking work now (see the ops_store check on Health); try again shortly.</source>
        <translation>デーモンの運用ストアが現在処理を受け付けていません (ヘルスの ops_store チェックを確認してください)。しばらくしてから再試行してください。</translation>
    </message>
    <message>
        <source>the store did not take the job&apos;s work (its backlog is full, or the daemon is stopping)</source>
        <translation>運用ストアがジョブの処理を受け付けませんでした (待ち行列が満杯か、デーモンが停止中です)</translation>
    </message>
    <message>
        <source>The hub refused entry %1 of an agent&apos;s push: %2</source>
        <translation>ハブがエージェントの送信のエントリ %1 を拒否しました: %2</translation>
    </message>
</context>
<context>
    <name>MetricChart</name>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>B/s</source>
        <translation>B/秒</translation>
    </message>
    <message>
        <source>KiB/s</source>
        <translation>KiB/秒</translation>
    </message>
    <message>
        <source>MiB/s</source>
        <translation>MiB/秒</translation>
    </message>
    <message>
        <source>GiB/s</source>
        <translation>GiB/秒</translation>
    </message>
    <message>
        <source>%1
No data at this time</source>
        <translation>%1
この時刻のデータはありません</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>no data</source>
        <translation>データなし</translation>
    </message>
    <message>
        <source>&amp;Copy values at this time</source>
        <translation>この時刻の値をコピー(&amp;C)</translation>
    </message>
    <message>
        <source>Save chart as &amp;PNG…</source>
        <translation>グラフを PNG で保存(&amp;P)…</translation>
    </message>
    <message>
        <source>Export data as C&amp;SV…</source>
        <translation>データを CSV で書き出し(&amp;S)…</translation>
    </message>
    <message>
        <source>Back to &amp;live</source>
        <translation>ライブ表示に戻る(&amp;L)</translation>
    </message>
    <message>
        <source>Export chart data</source>
        <translation>グラフのデータを書き出し</translation>
    </message>
    <message>
        <source>Save chart image</source>
        <translation>グラフの画像を保存</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV ファイル (*.csv)</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 画像 (*.png)</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>書き出しに失敗しました</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 に書き込めません: %2</translation>
    </message>
    <message>
        <source>%1 (bytes/s)</source>
        <translation>%1 (バイト/秒)</translation>
    </message>
</context>
<context>
    <name>NotificationsView</name>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>not configured</source>
        <translation>未設定</translation>
    </message>
    <message>
        <source>never</source>
        <translation>なし</translation>
    </message>
    <message>
        <source>%1 alert, while nobody acknowledges it:</source>
        <translation>%1 アラート(誰も対応中にしない間):</translation>
    </message>
    <message>
        <source>nobody (no channel routed)</source>
        <translation>通知先なし(チャネル未割り当て)</translation>
    </message>
    <message>
        <source>  at once: %1</source>
        <translation>  直ちに: %1</translation>
    </message>
    <message numerus="yes">
        <source>  after %n min: %1</source>
        <translation>
            <numerusform>  %n 分後: %1</numerusform>
        </translation>
    </message>
    <message>
        <source>, level raised</source>
        <translation>、レベル引き上げ</translation>
    </message>
    <message numerus="yes">
        <source>  then every %n min until resolved: a reminder</source>
        <translation>
            <numerusform>  以後、解決まで %n 分ごと: リマインダー</numerusform>
        </translation>
    </message>
    <message>
        <source>Maintenance windows (alerts recorded, nobody notified):</source>
        <translation>メンテナンス時間帯(アラートは記録、通知なし):</translation>
    </message>
    <message>
        <source>  none</source>
        <translation>  なし</translation>
    </message>
    <message numerus="yes">
        <source>  %1: %2 from %3 for %n min (%4)%5</source>
        <translation>
            <numerusform>  %1: %2 %3 から %n 分間 (%4)%5</numerusform>
        </translation>
    </message>
    <message>
        <source> — now</source>
        <translation> — 実施中</translation>
    </message>
    <message>
        <source> — next %1</source>
        <translation> — 次回 %1</translation>
    </message>
    <message>
        <source>    only alerts matching %1</source>
        <translation>    対象: %1 に一致するアラートのみ</translation>
    </message>
    <message>
        <source>Notification channels</source>
        <translation>通知チャネル</translation>
    </message>
    <message>
        <source>Escalation: who hears of an alert, and when</source>
        <translation>エスカレーション: 誰に、いつ通知されるか</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>更新</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>チャネル</translation>
    </message>
    <message>
        <source>Last success</source>
        <translation>最終成功</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>待機中</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>最終エラー</translation>
    </message>
    <message>
        <source>%1 (not configured)</source>
        <translation>%1 (未設定)</translation>
    </message>
</context>
<context>
    <name>RestoreWizard</name>
    <message>
        <source>%1: not restored — %2</source>
        <translation>%1: 復元しません — %2</translation>
    </message>
    <message>
        <source>Safety backup taken first: %1</source>
        <translation>事前に安全バックアップを作成: %1</translation>
    </message>
    <message>
        <source>would be replaced</source>
        <translation>を置き換えます</translation>
    </message>
    <message>
        <source>replaced</source>
        <translation>を置き換えました</translation>
    </message>
    <message>
        <source>%1: %2 %3</source>
        <translation>%1: %2 %3</translation>
    </message>
    <message>
        <source>    now %1 files (%2), in the backup %3 files (%4)</source>
        <translation>    現在 %1 ファイル(%2)、バックアップ内 %3 ファイル(%4)</translation>
    </message>
    <message>
        <source>none</source>
        <translation>なし</translation>
    </message>
    <message>
        <source>none (dropped)</source>
        <translation>なし(削除されます)</translation>
    </message>
    <message>
        <source>    table %1: %2 rows now, %3 after the restore</source>
        <translation>    テーブル %1: 現在 %2 行、復元後 %3 行</translation>
    </message>
    <message>
        <source>Restore from a backup</source>
        <translation>バックアップから復元</translation>
    </message>
    <message>
        <source>Choose a backup</source>
        <translation>バックアップの選択</translation>
    </message>
    <message>
        <source>The service database and directories will be replaced by what this backup holds.</source>
        <translation>サービスのデータベースとディレクトリが、このバックアップの内容で置き換えられます。</translation>
    </message>
    <message>
        <source>not verified</source>
        <translation>未検証</translation>
    </message>
    <message>
        <source>verified</source>
        <translation>検証済み</translation>
    </message>
    <message>
        <source>VERIFY FAILED</source>
        <translation>検証失敗</translation>
    </message>
    <message>
        <source>What the restore would do</source>
        <translation>復元で行われること</translation>
    </message>
    <message>
        <source>A dry run: the archive is checked and unpacked to a staging area; nothing is changed.</source>
        <translation>ドライラン: アーカイブを検査して作業領域に展開します。何も変更しません。</translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation>確認</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>復元</translation>
    </message>
    <message>
        <source>Restoring</source>
        <translation>復元中</translation>
    </message>
    <message>
        <source>Checking %1 and working out what would change…</source>
        <translation>%1 を検査し、変更内容を確認しています…</translation>
    </message>
    <message>
        <source>This replaces the service&apos;s data with %1. A safety backup is taken first, and any failure rolls back.

Type the backup&apos;s name to confirm:</source>
        <translation>サービスのデータを %1 の内容で置き換えます。事前に安全バックアップを作成し、失敗した場合は元に戻します。

確認のため、バックアップ名を入力してください:</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>開始しています…</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>失敗: %1</translation>
    </message>
    <message>
        <source>Nothing has been changed yet.</source>
        <translation>まだ何も変更していません。</translation>
    </message>
    <message>
        <source>Restored.</source>
        <translation>復元しました。</translation>
    </message>
    <message>
        <source>The restore failed and was rolled back.</source>
        <translation>復元に失敗したため、元に戻しました。</translation>
    </message>
    <message>
        <source>The restore failed.</source>
        <translation>復元に失敗しました。</translation>
    </message>
    <message>
        <source>    before: %1 files (%2); restored: %3 files (%4)</source>
        <translation>    復元前 %1 ファイル(%2)、復元後 %3 ファイル(%4)</translation>
    </message>
    <message>
        <source>    table %1: %2 rows before, %3 restored</source>
        <translation>    テーブル %1: 復元前 %2 行、復元後 %3 行</translation>
    </message>
    <message>
        <source>    %1 (%2): %3</source>
        <translation>    %1 (%2): %3</translation>
    </message>
    <message>
        <source>Rolled back:</source>
        <translation>ロールバックの結果:</translation>
    </message>
    <message>
        <source>%1   %2   %3   %4   %5</source>
        <extracomment>A backup in the list: name, when, size, verified or not, why it was taken.</extracomment>
        <translation>%1   %2   %3   %4   %5</translation>
    </message>
    <message>
        <source>(%1)</source>
        <translation>(%1)</translation>
    </message>
</context>
<context>
    <name>RuleDialog</name>
    <message>
        <source>New alert rule</source>
        <translation>新しいアラートルール</translation>
    </message>
    <message>
        <source>Edit alert rule</source>
        <translation>アラートルールの編集</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名前:</translation>
    </message>
    <message>
        <source>Condition:</source>
        <translation>条件:</translation>
    </message>
    <message>
        <source>SERIES &gt; NUMBER for DURATION (&gt; &gt;= &lt; &lt;=; 30s, 2m, 1h). Series: %1</source>
        <translation>系列 &gt; 数値 for 期間(&gt; &gt;= &lt; &lt;=、30s・2m・1h)。系列: %1</translation>
    </message>
    <message>
        <source>Level:</source>
        <translation>レベル:</translation>
    </message>
    <message>
        <source>Title:</source>
        <translation>タイトル:</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>Resolve after clear for:</source>
        <translation>解消後この時間で解決:</translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation>有効</translation>
    </message>
    <message>
        <source>The name is 1-64 of a-z 0-9 _ . -</source>
        <translation>名前は a-z 0-9 _ . - の 1〜64 文字です</translation>
    </message>
    <message>
        <source>The condition reads like &quot;cpu_percent &gt; 80 for 2m&quot;.</source>
        <translation>条件は「cpu_percent &gt; 80 for 2m」の形式で入力してください。</translation>
    </message>
</context>
<context>
    <name>RulesView</name>
    <message>
        <source>Rules from the configuration file are disabled, not removed: edit it and clear &quot;Enabled&quot;.</source>
        <translation>設定ファイルのルールは削除できません。編集して「有効」を外すと無効になります。</translation>
    </message>
    <message>
        <source>Rule removed; a rule of that name in the configuration file applies again.</source>
        <translation>ルールを削除しました。同名の設定ファイルのルールが再び適用されます。</translation>
    </message>
    <message>
        <source>Rule saved.</source>
        <translation>ルールを保存しました。</translation>
    </message>
    <message numerus="yes">
        <source>%n s</source>
        <translation>
            <numerusform>%n 秒</numerusform>
        </translation>
    </message>
    <message>
        <source>Console/API</source>
        <translation>コンソール/API</translation>
    </message>
    <message>
        <source>Configuration file</source>
        <translation>設定ファイル</translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation>有効</translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation>無効</translation>
    </message>
    <message>
        <source>New rule…</source>
        <translation>新しいルール…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>編集…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>削除</translation>
    </message>
    <message>
        <source>Only administrators change alert rules.</source>
        <translation>アラートルールを変更できるのは管理者だけです。</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名前</translation>
    </message>
    <message>
        <source>Condition</source>
        <translation>条件</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>レベル</translation>
    </message>
    <message>
        <source>Resolve after</source>
        <translation>解決まで</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>定義元</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状態</translation>
    </message>
</context>
<context>
    <name>ServerAddress</name>
    <message>
        <source>Enter the daemon&apos;s address, for example wss://ops.example.net:8765.</source>
        <translation>デーモンのアドレスを入力してください (例: wss://ops.example.net:8765)。</translation>
    </message>
    <message>
        <source>The address is too long.</source>
        <translation>アドレスが長すぎます。</translation>
    </message>
    <message>
        <source>This is not an address of a daemon. Use wss://HOST:PORT (or ws://, https://, http://).</source>
        <translation>デーモンのアドレスではありません。wss://ホスト:ポート (または ws://、https://、http://) の形で入力してください。</translation>
    </message>
    <message>
        <source>The console speaks wss:// and ws:// (https:// and http:// are taken as those), not %1://.</source>
        <translation>コンソールが使えるのは wss:// と ws:// です (https:// と http:// はそれぞれとして扱います)。%1:// は使えません。</translation>
    </message>
    <message>
        <source>Do not put a user name or password in the address; the connect dialog asks for them.</source>
        <translation>アドレスにユーザー名やパスワードを含めないでください。接続ダイアログで入力します。</translation>
    </message>
</context>
<context>
    <name>ServerWatcher</name>
    <message>
        <source>no connection (trying again)</source>
        <translation>接続できません(再試行中)</translation>
    </message>
    <message>
        <source>the saved sign-in was refused (%1); connect to the server once to sign in again</source>
        <translation>保存されたサインインが拒否されました(%1)。サーバーに一度接続して、サインインし直してください</translation>
    </message>
    <message>
        <source>TLS failed: %1</source>
        <translation>TLS 接続に失敗しました: %1</translation>
    </message>
    <message>
        <source>its certificate is not trusted yet; connect to the server once to check and trust it</source>
        <translation>証明書がまだ信頼されていません。サーバーに一度接続し、証明書を確認して信頼してください</translation>
    </message>
    <message>
        <source>it presents another certificate than the one trusted for it</source>
        <translation>信頼済みのものとは別の証明書が提示されました</translation>
    </message>
</context>
<context>
    <name>SilenceDialog</name>
    <message>
        <source>Silence alerts</source>
        <translation>アラートのサイレンス</translation>
    </message>
    <message>
        <source>Matchers (one per line):</source>
        <translation>マッチャー(1 行に 1 つ):</translation>
    </message>
    <message>
        <source>LABEL=VALUE, LABEL!=VALUE or LABEL=~REGEX; labels: rule, level, fingerprint, channel. All must match.</source>
        <translation>ラベル=値、ラベル!=値、ラベル=~正規表現。ラベル: rule, level, fingerprint, channel。すべてに一致したものが対象です。</translation>
    </message>
    <message>
        <source>1 hour</source>
        <translation>1 時間</translation>
    </message>
    <message>
        <source>4 hours</source>
        <translation>4 時間</translation>
    </message>
    <message>
        <source>8 hours</source>
        <translation>8 時間</translation>
    </message>
    <message>
        <source>1 day</source>
        <translation>1 日</translation>
    </message>
    <message>
        <source>1 week</source>
        <translation>1 週間</translation>
    </message>
    <message>
        <source>For:</source>
        <translation>期間:</translation>
    </message>
    <message>
        <source>Why, and who to ask</source>
        <translation>理由と問い合わせ先</translation>
    </message>
    <message>
        <source>Comment:</source>
        <translation>コメント:</translation>
    </message>
    <message>
        <source>Silence</source>
        <translation>サイレンス</translation>
    </message>
    <message>
        <source>Add at least one matcher.</source>
        <translation>マッチャーを 1 つ以上入力してください。</translation>
    </message>
    <message>
        <source>Not a matcher: %1</source>
        <translation>マッチャーの形式ではありません: %1</translation>
    </message>
    <message>
        <source>A comment is required.</source>
        <translation>コメントは必須です。</translation>
    </message>
</context>
<context>
    <name>SilencesView</name>
    <message>
        <source>The silence has ended.</source>
        <translation>サイレンスを終了しました。</translation>
    </message>
    <message>
        <source>Silenced until %1.</source>
        <translation>%1 までのサイレンスを設定しました。</translation>
    </message>
    <message>
        <source>No active silences.</source>
        <translation>有効なサイレンスはありません。</translation>
    </message>
    <message>
        <source>New silence…</source>
        <translation>新しいサイレンス…</translation>
    </message>
    <message>
        <source>End silence</source>
        <translation>サイレンス終了</translation>
    </message>
    <message>
        <source>Matchers</source>
        <translation>マッチャー</translation>
    </message>
    <message>
        <source>Until</source>
        <translation>終了</translation>
    </message>
    <message>
        <source>By</source>
        <translation>作成者</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>作成日時</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>コメント</translation>
    </message>
</context>
<context>
    <name>TlsTrust</name>
    <message>
        <source>The server sent no certificate.</source>
        <translation>サーバーが証明書を送ってきませんでした。</translation>
    </message>
    <message>
        <source>The certificate is self-signed.</source>
        <translation>証明書は自己署名です。</translation>
    </message>
    <message>
        <source>The certificate was issued by a self-signed CA that is not trusted.</source>
        <translation>証明書は、信頼されていない自己署名の CA が発行したものです。</translation>
    </message>
    <message>
        <source>The certificate&apos;s issuer is not a trusted CA.</source>
        <translation>証明書の発行者は信頼された CA ではありません。</translation>
    </message>
    <message>
        <source>The certificate is not trusted for this purpose.</source>
        <translation>証明書はこの用途では信頼されていません。</translation>
    </message>
    <message>
        <source>The certificate was not issued for this host name or address.</source>
        <translation>証明書はこのホスト名またはアドレス用に発行されたものではありません。</translation>
    </message>
    <message>
        <source>The certificate has expired.</source>
        <translation>証明書の有効期限が切れています。</translation>
    </message>
    <message>
        <source>The certificate is not valid yet (check this computer&apos;s clock).</source>
        <translation>証明書はまだ有効になっていません (このコンピューターの時計を確認してください)。</translation>
    </message>
    <message>
        <source>The certificate has been revoked.</source>
        <translation>証明書は失効しています。</translation>
    </message>
    <message>
        <source>The certificate&apos;s signature is not valid.</source>
        <translation>証明書の署名が正しくありません。</translation>
    </message>
    <message>
        <source>The certificate is on a block list.</source>
        <translation>証明書はブロックリストに載っています。</translation>
    </message>
    <message>
        <source>The certificate could not be verified (TLS error %1).</source>
        <translation>証明書を検証できませんでした (TLS エラー %1)。</translation>
    </message>
    <message>
        <source>The CA file %1 is larger than 4 MiB.</source>
        <translation>CA ファイル %1 が 4 MiB を超えています。</translation>
    </message>
    <message>
        <source>Cannot read the CA file %1: %2</source>
        <translation>CA ファイル %1 を読み込めません: %2</translation>
    </message>
    <message>
        <source>The CA file %1 holds no PEM certificate.</source>
        <translation>CA ファイル %1 に PEM 形式の証明書がありません。</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Cannot read the token file %1.</source>
        <translation>トークンファイル %1 を読み込めません。</translation>
    </message>
</context>
</TS>
