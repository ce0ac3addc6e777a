; Windows installer of flat station desktop (NSIS 3, Modern UI 2).
;
; Built by installer/build.py, or by hand after the PyInstaller build:
;   makensis -INPUTCHARSET UTF8 -DVERSION=0.1.0 -DSOURCE=build\installer\dist\flat-desktop ^
;            -DOUTFILE=build\installer\flat-desktop-0.1.0-setup.exe installer\windows\flat.nsi
;
; Japanese (the default) and English pages; a per-machine install into Program Files; Start-menu
; and desktop shortcuts "flat ステーション" (the station, full screen) and "flat 管理コンソール"; a page
; for the shared database server (or this PC alone), the station's kiosk mode and its unlock code,
; written for every user by "flat-desktop setup --machine" (C:\ProgramData\flat-desktop\settings.json);
; the station at sign-in if asked. The uninstaller removes the program and keeps every data folder.
;
; Silent install for IT staff (every option may be left out):
;   flat-desktop-0.1.0-setup.exe /S /SERVER=postgresql+psycopg://flat_station_a@db/flat /STATION=a
;       /UNLOCK=2468 /KIOSK /AUTOSTART     (or /SINGLEPC for one PC alone)

Unicode true
ManifestDPIAware true

!ifndef VERSION
  !error "VERSION is not defined: makensis -DVERSION=x.y.z (installer/build.py reads it from pyproject.toml)"
!endif
!ifndef SOURCE
  !error "SOURCE is not defined: makensis -DSOURCE=<the PyInstaller folder flat-desktop>"
!endif
!ifndef OUTFILE
  !define OUTFILE "flat-desktop-${VERSION}-setup.exe"
!endif
!ifndef ICON
  !define ICON "..\..\resources\icons\flat-desktop.ico"
!endif

!ifdef FAST
  SetCompress off  ; CI: the script is what is checked, not the download size
!else
  SetCompressor /SOLID lzma
!endif

!include "MUI2.nsh"
!include "nsDialogs.nsh"
!include "LogicLib.nsh"
!include "FileFunc.nsh"
!include "x64.nsh"

!define APP "flat-desktop"
!define PUBLISHER "flat station desktop contributors"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP}"
!define RUN_KEY "Software\Microsoft\Windows\CurrentVersion\Run"
!define GUI_EXE "$INSTDIR\flat-desktop-gui.exe"
!define CLI_EXE "$INSTDIR\flat-desktop.exe"

Name "flat station desktop ${VERSION}"
OutFile "${OUTFILE}"
InstallDir "$PROGRAMFILES64\flat-desktop"
InstallDirRegKey HKLM "${UNINSTALL_KEY}" "InstallLocation"
RequestExecutionLevel admin
BrandingText "flat station desktop ${VERSION}"

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=0 "ProductName" "flat station desktop"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileDescription" "flat station desktop installer"
VIAddVersionKey /LANG=0 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=0 "LegalCopyright" "Apache License 2.0"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_LANGDLL_ALLLANGUAGES

Var Dialog
Var SinglePcRadio
Var ServerRadio
Var ServerField
Var StationField
Var CodeField
Var KioskBox
Var AutoBox
Var SinglePc
Var ServerUrl
Var StationName
Var UnlockCode
Var Kiosk
Var AutoStart

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_LICENSE "..\..\LICENSE"
!insertmacro MUI_PAGE_DIRECTORY
Page custom SettingsPage SettingsLeave
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_RUN "${GUI_EXE}"
!define MUI_FINISHPAGE_RUN_PARAMETERS "console"
!define MUI_FINISHPAGE_RUN_TEXT "$(RunConsole)"
!define MUI_FINISHPAGE_RUN_NOTCHECKED
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

; The first language is the default: Japanese.
!insertmacro MUI_LANGUAGE "Japanese"
!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_RESERVEFILE_LANGDLL

LangString StationLink ${LANG_JAPANESE} "flat ステーション"
LangString StationLink ${LANG_ENGLISH} "flat ステーション"
LangString ConsoleLink ${LANG_JAPANESE} "flat 管理コンソール"
LangString ConsoleLink ${LANG_ENGLISH} "flat 管理コンソール"
LangString StationDesc ${LANG_JAPANESE} "作業員のステーション（全画面）"
LangString StationDesc ${LANG_ENGLISH} "The worker station (full screen)"
LangString ConsoleDesc ${LANG_JAPANESE} "常勤職員の管理コンソール"
LangString ConsoleDesc ${LANG_ENGLISH} "The supervisors' console"
LangString SettingsTitle ${LANG_JAPANESE} "データベースとステーションの設定"
LangString SettingsTitle ${LANG_ENGLISH} "Database and station settings"
LangString SettingsSubtitle ${LANG_JAPANESE} "この PC がどのデータベースを使うか、ステーションをどう守るかを決めます。"
LangString SettingsSubtitle ${LANG_ENGLISH} "Which database this PC uses, and how the station is kept locked."
LangString SinglePcText ${LANG_JAPANESE} "この PC だけで使う（PC の中のデータベース）"
LangString SinglePcText ${LANG_ENGLISH} "This PC alone (a database inside this PC)"
LangString ServerText ${LANG_JAPANESE} "共有のデータベースサーバーを使う。アドレス:"
LangString ServerText ${LANG_ENGLISH} "The shared database server, at:"
LangString ServerExample ${LANG_JAPANESE} "例: postgresql+psycopg://flat_station_1@サーバー名/flat （flat-desktop db roles が表示します）"
LangString ServerExample ${LANG_ENGLISH} "e.g. postgresql+psycopg://flat_station_1@server/flat (printed by flat-desktop db roles)"
LangString StationText ${LANG_JAPANESE} "ステーション名（空なら PC の名前）:"
LangString StationText ${LANG_ENGLISH} "Station name (empty: the PC's name):"
LangString KioskText ${LANG_JAPANESE} "ステーションを閉じられないようにする（常勤職員の社員証と暗証番号で閉じる）"
LangString KioskText ${LANG_ENGLISH} "Lock the station: only a supervisor's badge and PIN close it"
LangString UnlockText ${LANG_JAPANESE} "解除コード（4〜8けたの数字。サーバーを使う PC で必要）:"
LangString UnlockText ${LANG_ENGLISH} "Unlock code (4 to 8 digits; needed with a server):"
LangString AutoStartText ${LANG_JAPANESE} "Windows にサインインしたらステーションを起動する"
LangString AutoStartText ${LANG_ENGLISH} "Start the station when someone signs in to Windows"
LangString ServerMissing ${LANG_JAPANESE} "データベースサーバーのアドレスを入れてください。"
LangString ServerMissing ${LANG_ENGLISH} "Enter the database server's address."
LangString CodeMissing ${LANG_JAPANESE} "サーバーを使うステーションを閉じられないようにするには、4〜8けたの解除コードが必要です。"
LangString CodeMissing ${LANG_ENGLISH} "A locked station on a server needs an unlock code of 4 to 8 digits."
LangString SetupFailed ${LANG_JAPANESE} "設定を書けませんでした。あとで管理者として次を実行してください: flat-desktop setup --machine"
LangString SetupFailed ${LANG_ENGLISH} "The settings could not be written. Later, run as an administrator: flat-desktop setup --machine"
LangString RunConsole ${LANG_JAPANESE} "管理コンソールを起動する"
LangString RunConsole ${LANG_ENGLISH} "Start the console"

Function .onInit
  ${If} ${RunningX64}
    SetRegView 64
  ${EndIf}
  StrCpy $SinglePc ${BST_CHECKED}
  StrCpy $Kiosk ${BST_CHECKED}
  StrCpy $AutoStart ${BST_UNCHECKED}
  ; The silent install's options (see the top of this file).
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/SERVER=" $R1
  ${IfNot} ${Errors}
    StrCpy $ServerUrl $R1
    StrCpy $SinglePc ${BST_UNCHECKED}
  ${EndIf}
  ClearErrors
  ${GetOptions} $R0 "/STATION=" $R1
  ${IfNot} ${Errors}
    StrCpy $StationName $R1
  ${EndIf}
  ClearErrors
  ${GetOptions} $R0 "/UNLOCK=" $R1
  ${IfNot} ${Errors}
    StrCpy $UnlockCode $R1
  ${EndIf}
  ClearErrors
  ${GetOptions} $R0 "/AUTOSTART" $R1
  ${IfNot} ${Errors}
    StrCpy $AutoStart ${BST_CHECKED}
  ${EndIf}
  ClearErrors
  ${GetOptions} $R0 "/NOKIOSK" $R1
  ${IfNot} ${Errors}
    StrCpy $Kiosk ${BST_UNCHECKED}
  ${EndIf}
  !insertmacro MUI_LANGDLL_DISPLAY
FunctionEnd

Function SettingsPage
  !insertmacro MUI_HEADER_TEXT "$(SettingsTitle)" "$(SettingsSubtitle)"
  nsDialogs::Create 1018
  Pop $Dialog
  ${If} $Dialog == error
    Abort
  ${EndIf}
  ${NSD_CreateRadioButton} 0 0 100% 12u "$(SinglePcText)"
  Pop $SinglePcRadio
  ${NSD_CreateRadioButton} 0 14u 100% 12u "$(ServerText)"
  Pop $ServerRadio
  ${NSD_CreateText} 12u 28u -12u 12u "$ServerUrl"
  Pop $ServerField
  ${NSD_CreateLabel} 12u 42u -12u 18u "$(ServerExample)"
  Pop $0
  ${NSD_CreateLabel} 0 64u 55% 12u "$(StationText)"
  Pop $0
  ${NSD_CreateText} 56% 62u -0u 12u "$StationName"
  Pop $StationField
  ${NSD_CreateCheckBox} 0 80u 100% 12u "$(KioskText)"
  Pop $KioskBox
  ${NSD_CreateLabel} 12u 96u 55% 12u "$(UnlockText)"
  Pop $0
  ${NSD_CreatePassword} 56% 94u -0u 12u "$UnlockCode"
  Pop $CodeField
  ${NSD_CreateCheckBox} 0 112u 100% 12u "$(AutoStartText)"
  Pop $AutoBox
  ${If} $SinglePc == ${BST_CHECKED}
    ${NSD_Check} $SinglePcRadio
  ${Else}
    ${NSD_Check} $ServerRadio
  ${EndIf}
  ${NSD_SetState} $KioskBox $Kiosk
  ${NSD_SetState} $AutoBox $AutoStart
  nsDialogs::Show
FunctionEnd

Function SettingsLeave
  ${NSD_GetState} $SinglePcRadio $SinglePc
  ${NSD_GetText} $ServerField $ServerUrl
  ${NSD_GetText} $StationField $StationName
  ${NSD_GetState} $KioskBox $Kiosk
  ${NSD_GetText} $CodeField $UnlockCode
  ${NSD_GetState} $AutoBox $AutoStart
  ${If} $SinglePc != ${BST_CHECKED}
    ${If} $ServerUrl == ""
      MessageBox MB_ICONEXCLAMATION|MB_OK "$(ServerMissing)"
      Abort
    ${EndIf}
    StrLen $0 $UnlockCode
    ${If} $Kiosk == ${BST_CHECKED}
    ${AndIf} $0 < 4
      MessageBox MB_ICONEXCLAMATION|MB_OK "$(CodeMissing)"
      Abort
    ${EndIf}
  ${EndIf}
FunctionEnd

Section "flat station desktop" SecMain
  SectionIn RO
  SetShellVarContext all  ; shortcuts for every user of the PC
  SetOutPath "$INSTDIR"
  ; A new version replaces the program folder whole: no file of an older build stays behind.
  RMDir /r "$INSTDIR\_internal"
  File /r "${SOURCE}\*"
  File "/oname=$INSTDIR\flat-desktop.ico" "${ICON}"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateDirectory "$SMPROGRAMS\flat"
  CreateShortcut "$SMPROGRAMS\flat\$(StationLink).lnk" "${GUI_EXE}" "station" "$INSTDIR\flat-desktop.ico" 0 \
    SW_SHOWNORMAL "" "$(StationDesc)"
  CreateShortcut "$SMPROGRAMS\flat\$(ConsoleLink).lnk" "${GUI_EXE}" "console" "$INSTDIR\flat-desktop.ico" 0 \
    SW_SHOWNORMAL "" "$(ConsoleDesc)"
  CreateShortcut "$DESKTOP\$(StationLink).lnk" "${GUI_EXE}" "station" "$INSTDIR\flat-desktop.ico" 0 \
    SW_SHOWNORMAL "" "$(StationDesc)"
  CreateShortcut "$DESKTOP\$(ConsoleLink).lnk" "${GUI_EXE}" "console" "$INSTDIR\flat-desktop.ico" 0 \
    SW_SHOWNORMAL "" "$(ConsoleDesc)"

  ; The settings for every user of this PC, written by the program itself (the unlock code is
  ; kept only as a hash): C:\ProgramData\flat-desktop\settings.json.
  StrCpy $1 ""
  ${If} $SinglePc == ${BST_CHECKED}
    StrCpy $1 "--single-pc"
  ${Else}
    StrCpy $1 '--server "$ServerUrl"'
  ${EndIf}
  ${If} $StationName != ""
    StrCpy $1 '$1 --station "$StationName"'
  ${EndIf}
  ${If} $Kiosk == ${BST_CHECKED}
    StrCpy $1 "$1 --kiosk"
  ${Else}
    StrCpy $1 "$1 --no-kiosk"
  ${EndIf}
  ${If} $UnlockCode != ""
    StrCpy $1 '$1 --unlock-code "$UnlockCode"'
  ${EndIf}
  nsExec::ExecToLog '"${CLI_EXE}" setup --machine $1'
  Pop $0
  ${If} $0 != 0
    MessageBox MB_ICONEXCLAMATION|MB_OK "$(SetupFailed)" /SD IDOK
  ${EndIf}

  ${If} $AutoStart == ${BST_CHECKED}
    WriteRegStr HKLM "${RUN_KEY}" "flat-station" '"${GUI_EXE}" station'
  ${Else}
    DeleteRegValue HKLM "${RUN_KEY}" "flat-station"
  ${EndIf}

  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayName" "flat station desktop"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\flat-desktop.ico"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKLM "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $2 $3
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "EstimatedSize" $0
SectionEnd

Function un.onInit
  ${If} ${RunningX64}
    SetRegView 64
  ${EndIf}
  !insertmacro MUI_UNGETLANGUAGE
FunctionEnd

; The program goes; the data stays: every user's database, logs and kept PDFs
; (%LOCALAPPDATA%\flat-desktop) and the PC's settings (C:\ProgramData\flat-desktop).
Section "Uninstall"
  SetShellVarContext all
  Delete "$SMPROGRAMS\flat\$(StationLink).lnk"
  Delete "$SMPROGRAMS\flat\$(ConsoleLink).lnk"
  RMDir "$SMPROGRAMS\flat"
  Delete "$DESKTOP\$(StationLink).lnk"
  Delete "$DESKTOP\$(ConsoleLink).lnk"
  DeleteRegValue HKLM "${RUN_KEY}" "flat-station"
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\flat-desktop.exe"
  Delete "$INSTDIR\flat-desktop-gui.exe"
  Delete "$INSTDIR\flat-desktop"
  Delete "$INSTDIR\flat-desktop.ico"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKLM "${UNINSTALL_KEY}"
SectionEnd
