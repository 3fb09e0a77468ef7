; Inno Setup script: the Windows installer around the PyInstaller bundle.
;   iscc /DAppVersion=0.1.0 packaging\windows\naij-tracker.iss
; reads dist\naij-tracker\ (from `pyinstaller packaging\naij-tracker.spec`) and writes
; dist\NAIJ-Case-Tracker-Setup-0.1.0.exe. Installs for the current user only (no administrator
; rights), with a Start-menu entry and an uninstaller; the user's databases, in
; %LOCALAPPDATA%\naij-tracker, are never touched by installing, upgrading or uninstalling.
; See packaging/windows.md.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif

[Setup]
AppId={{6B1D7C0E-4E21-4B8E-9C55-2F3A1A7E5B21}
AppName=NAIJ Case Tracker
AppVersion={#AppVersion}
AppPublisher=National Association of Immigration Judges
DefaultDirName={localappdata}\Programs\NAIJ Case Tracker
DefaultGroupName=NAIJ Case Tracker
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
OutputDir=..\..\dist
OutputBaseFilename=NAIJ-Case-Tracker-Setup-{#AppVersion}
SetupIconFile=..\..\resources\icons\naij-tracker.ico
UninstallDisplayIcon={app}\naij-tracker.exe
Compression=lzma2/max
SolidCompression=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
WizardStyle=modern

[Files]
Source: "..\..\dist\naij-tracker\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\NAIJ Case Tracker"; Filename: "{app}\naij-tracker.exe"
Name: "{userdesktop}\NAIJ Case Tracker"; Filename: "{app}\naij-tracker.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "Create a &desktop shortcut"; Flags: unchecked

[Run]
Filename: "{app}\naij-tracker.exe"; Description: "Open NAIJ Case Tracker now"; Flags: nowait postinstall skipifsilent
