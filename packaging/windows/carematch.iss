; Inno Setup 6 script: a per-user installer for the one-folder build, with Start-menu and desktop
; shortcuts. Build the folder first (python packaging\build.py), then:
;   "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" packaging\windows\carematch.iss
; Output: dist\CareMatch-setup-<version>.exe. Not tried yet on Windows (see docs/packaging.md).

#define AppName "CareMatch 养老服务匹配"
#define AppVersion "0.1.0"

[Setup]
AppId={{6F0A3E52-6C44-4C0B-9B8E-2D3F1C7A9E10}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=CareMatch
DefaultDirName={localappdata}\Programs\CareMatch
DefaultGroupName=CareMatch
PrivilegesRequired=lowest
OutputDir=..\..\dist
OutputBaseFilename=CareMatch-setup-{#AppVersion}
SetupIconFile=..\..\resources\icons\app\carematch.ico
UninstallDisplayIcon={app}\CareMatch.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible

[Languages]
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Files]
Source: "..\..\dist\CareMatch\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\CareMatch 养老服务匹配"; Filename: "{app}\CareMatch.exe"
Name: "{group}\{cm:UninstallProgram,CareMatch}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\CareMatch 养老服务匹配"; Filename: "{app}\CareMatch.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\CareMatch.exe"; Description: "{cm:LaunchProgram,CareMatch}"; Flags: nowait postinstall skipifsilent
