# A case's files
case-file-title = Add a file
case-file = File
case-file-hint = Logs, screenshots, a ransom note, a suspicious attachment: up to { $megabytes } MB. Files are kept encrypted and never opened by the service; others download them as they are.
case-file-submit = Add the file
case-file-added = Added a file:
case-file-missing = Choose a file to add.
case-file-empty = This file is empty. Choose the file again; if it still fails, send its contents as a message.
case-file-too-large = This file is larger than { $megabytes } MB, the most one file may be. Nothing was kept. Compress it, or split it into parts.
case-file-too-many = This case has { $count } files, the most it may hold. Ask a coordinator to make room, or put several files in one archive.
case-file-tlp = Choose a TLP marking from the list.
case-file-malformed = The file's name or the form could not be read as sent. Rename the file with ordinary letters and digits and try again; if it keeps failing, try another browser.
case-done-file = The file is added. Its SHA-256 is shown beside it, to compare with your copy.
request-history-request-file = File added
audit-request-file = File added
size-bytes = { $amount } bytes
size-kb = { $amount } KB
size-mb = { $amount } MB
