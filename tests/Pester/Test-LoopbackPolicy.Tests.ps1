BeforeAll {
    Import-Module $env:LOOPBACKTOOLS_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:dir = Join-Path ([IO.Path]::GetTempPath()) "lbt-policies-$([guid]::NewGuid())"
    $null = New-Item -ItemType Directory $dir

    function script:New-PolicyFile {
        param([string] $Name, [string] $Text)
        $path = Join-Path $dir $Name
        Set-Content -Path $path -Value $Text
        $path
    }

    # A policy that could end the session is read in a child pwsh: if it crashes, the test fails instead of the run.
    function script:Invoke-ChildPwsh {
        param([Parameter(Mandatory)] [string] $Script, [string[]] $Prefix = @(), [int] $TimeoutSeconds = 120)
        $file = Join-Path ([IO.Path]::GetTempPath()) "lbt-child-$([guid]::NewGuid()).ps1"
        Set-Content -Path $file -Value $Script
        $arguments = $Prefix + @([Environment]::ProcessPath, [System.Reflection.Assembly]::GetEntryAssembly().Location,
            '-NoProfile', '-NonInteractive', '-File', $file)
        $psi = [System.Diagnostics.ProcessStartInfo]::new($arguments[0])
        $arguments | Select-Object -Skip 1 | ForEach-Object { $psi.ArgumentList.Add($_) }
        $psi.RedirectStandardOutput = $true
        $psi.RedirectStandardError = $true
        $psi.UseShellExecute = $false
        $psi.Environment['NO_COLOR'] = '1'
        $psi.Environment['LOOPBACKTOOLS_MODULE'] = $env:LOOPBACKTOOLS_MODULE
        $process = [System.Diagnostics.Process]::Start($psi)
        try {
            $stdout = $process.StandardOutput.ReadToEndAsync()
            $stderr = $process.StandardError.ReadToEndAsync()
            if (-not $process.WaitForExit($TimeoutSeconds * 1000)) { throw "the child pwsh did not finish within $TimeoutSeconds s" }
            $process.WaitForExit()
            [pscustomobject]@{ ExitCode = $process.ExitCode; Output = $stdout.Result; Errors = $stderr.Result }
        }
        finally { Stop-ChildProcess $process; Remove-Item $file -ErrorAction SilentlyContinue }
    }

    # Runs Test-LoopbackPolicy on one file in a child and returns what it said, as an object.
    function script:Test-PolicyInChild {
        param([Parameter(Mandatory)] [string] $Path, [string[]] $Prefix = @())
        $child = Invoke-ChildPwsh -Prefix $Prefix -Script @"
Import-Module `$env:LOOPBACKTOOLS_MODULE
`$watch = [Diagnostics.Stopwatch]::StartNew()
`$result = Test-LoopbackPolicy -LiteralPath '$($Path -replace "'", "''")' -ErrorVariable problems -ErrorAction SilentlyContinue
[pscustomobject]@{
    Result = `$result; Seconds = `$watch.Elapsed.TotalSeconds
    ErrorId = `$problems[0].FullyQualifiedErrorId; Category = [string]`$problems[0].CategoryInfo.Category
    Target = `$problems[0].TargetObject; Message = `$problems[0].Exception.Message
} | ConvertTo-Json -Compress
"@
        $child.ExitCode | Should -Be 0 -Because "the session must survive the policy ($($child.Errors))"
        $child.Output | ConvertFrom-Json
    }
}
AfterAll { Remove-Item $dir -Recurse -Force -ErrorAction SilentlyContinue }

Describe 'Test-LoopbackPolicy with valid policies' {
    It 'returns $true for the documented .psd1 shape' {
        $path = New-PolicyFile 'ok.psd1' @'
@{
    Description = 'cache host'
    Listeners   = @(
        @{ Port = 6379; Protocol = 'Tcp'; Exposure = 'LoopbackOnly'; Process = 'redis-server' }
        @{ Port = '8000-8100'; Exposure = 'LoopbackOnly', 'AllInterfaces'; Process = 'python*', '/usr/bin/node' }
        @{ Port = 53 }
    )
}
'@
        Test-LoopbackPolicy -Path $path -ErrorVariable errors | Should -BeTrue
        $errors | Should -BeNullOrEmpty
    }

    It 'returns $true for JSON of the same shape' {
        $text = '{ "Listeners": [ { "Port": 6379, "Protocol": "Tcp", "Exposure": "LoopbackOnly", "Process": "redis-server" }, ' +
            '{ "Port": "8000-8100" } ] }'
        $path = New-PolicyFile 'ok.json' $text
        Test-LoopbackPolicy $path | Should -BeTrue
    }

    It 'takes paths from the pipeline (Get-ChildItem) and answers once per file' {
        $results = @(Get-ChildItem $dir -Filter 'ok.*' | Test-LoopbackPolicy)
        $results.Count | Should -Be 2
        $results | Should -Be @($true, $true)
    }
}

Describe 'Test-LoopbackPolicy with malformed policies' {
    It 'reports <Case> as <ErrorId>, naming the file, line <Line> and the problem' -TestCases @(
        @{ Case = 'a psd1 syntax error'; Name = 'syntax.psd1'; Line = 3; ErrorId = 'PolicySyntaxError'; Category = 'ParserError'; Words = 'Missing'
            Text = "@{`n    Listeners = @(`n        @{ Port = 6379;`n    )`n}" }
        @{ Case = 'a JSON syntax error'; Name = 'syntax.json'; Line = 2; ErrorId = 'PolicySyntaxError'; Category = 'ParserError'; Words = 'quoted key'
            Text = "{ `"Listeners`": [`n { Port: 22 } ] }" }
        @{ Case = 'an unknown key'; Name = 'unknown.psd1'; Line = 3; ErrorId = 'PolicyUnknownKey'; Category = 'InvalidData'
            Words = "Listeners\[0\]\.Protocl: unknown key 'Protocl'\. Did you mean 'Protocol'\?"
            Text = "@{`n    Listeners = @(`n        @{ Port = 6379; Protocl = 'Tcp' }`n    )`n}" }
        @{ Case = 'a port out of range'; Name = 'port.psd1'; Line = 2; ErrorId = 'PolicyInvalidPort'; Category = 'InvalidData'
            Words = 'Listeners\[0\]\.Port: 70000 is not a port'
            Text = "@{ Listeners = @(`n @{ Port = 70000 } ) }" }
        @{ Case = 'a reversed range'; Name = 'range.json'; Line = 1; ErrorId = 'PolicyInvalidPortRange'; Category = 'InvalidData'
            Words = "'9000-8000' starts above its end"
            Text = '{ "Listeners": [ { "Port": "9000-8000" } ] }' }
        @{ Case = 'a bad exposure'; Name = 'exposure.psd1'; Line = 1; ErrorId = 'PolicyInvalidExposure'; Category = 'InvalidData'
            Words = "'Public' is not a valid exposure; use LoopbackOnly, AllInterfaces, SpecificInterface"
            Text = "@{ Listeners = @( @{ Port = 1; Exposure = 'Public' } ) }" }
        @{ Case = 'a bad protocol'; Name = 'protocol.json'; Line = 1; ErrorId = 'PolicyInvalidProtocol'; Category = 'InvalidData'
            Words = "'Sctp' is not a valid protocol"
            Text = '{ "Listeners": [ { "Port": 1, "Protocol": "Sctp" } ] }' }
        @{ Case = 'a missing port'; Name = 'missing.psd1'; Line = 2; ErrorId = 'PolicyMissingKey'; Category = 'InvalidData'
            Words = "Listeners\[0\]: the listener has no 'Port' key"
            Text = "@{ Listeners = @(`n @{ Exposure = 'LoopbackOnly' } ) }" }
        @{ Case = 'a command in a data file'; Name = 'command.psd1'; Line = 2; ErrorId = 'PolicyNotConstant'; Category = 'ParserError'
            Words = "only constants .* not 'Get-Random'"
            Text = "@{ Listeners = @(`n @{ Port = (Get-Random) } ) }" }
        @{ Case = 'a duplicate key'; Name = 'duplicate.psd1'; Line = 1; ErrorId = 'PolicyDuplicateKey'; Category = 'ParserError'
            Words = "Duplicate keys 'Port'"
            Text = "@{ Listeners = @( @{ Port = 1; Port = 2 } ) }" }
        @{ Case = 'listeners that are not a list'; Name = 'shape.json'; Line = 1; ErrorId = 'PolicyInvalidValue'; Category = 'InvalidData'
            Words = "'Listeners' must be a list"
            Text = '{ "Listeners": 22 }' }
        @{ Case = 'an unbalanced [ in a process pattern'; Name = 'bracket.psd1'; Line = 3; ErrorId = 'PolicyInvalidProcess'; Category = 'InvalidData'
            Words = "Listeners\[0\]\.Process: 'redis\[' has a '\[' at character 6 without its closing '\]'"
            Text = "@{ Listeners = @(`n @{ Port = 6379`n    Process = 'redis[' } ) }" }
        @{ Case = 'a JSON number with a leading zero'; Name = 'zero.json'; Line = 2; ErrorId = 'PolicySyntaxError'; Category = 'ParserError'
            Words = "'022' is not a number: a number cannot start with 0"; Text = "{ `"Listeners`": [`n { `"Port`": 022 } ] }" }
        @{ Case = 'a raw tab in a JSON string'; Name = 'tab.json'; Line = 1; ErrorId = 'PolicySyntaxError'; Category = 'ParserError'
            Words = 'control character \(\\x09\)'; Text = "{ `"Listeners`": [ { `"Port`": 22, `"Description`": `"a`tb`" } ] }" }
        @{ Case = 'a lone surrogate escape in JSON'; Name = 'surrogate.json'; Line = 1; ErrorId = 'PolicySyntaxError'; Category = 'ParserError'
            Words = 'high surrogate'; Text = '{ "Listeners": [ { "Port": 22, "Description": "\ud800" } ] }' }
    ) {
        $path = New-PolicyFile $Name $Text
        $result = Test-LoopbackPolicy -Path $path -ErrorVariable errors -ErrorAction SilentlyContinue
        $result | Should -BeFalse
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -Be "$ErrorId,LoopbackTools.Commands.TestLoopbackPolicyCommand"
        $errors[0].CategoryInfo.Category | Should -Be $Category
        $errors[0].TargetObject | Should -Be $path
        $errors[0].Exception.Message | Should -BeLike "Policy file '$path', line $Line*"
        $errors[0].Exception.Message | Should -Match $Words
    }

    It 'gives each malformation its own error id' {
        # The table above covers eleven files; a script can tell their problems apart by ErrorId alone.
        $ids = Get-ChildItem $dir -Exclude 'ok.*' | ForEach-Object {
            $null = Test-LoopbackPolicy $_.FullName -ErrorVariable e -ErrorAction SilentlyContinue
            $e[0].FullyQualifiedErrorId
        }
        @($ids | Sort-Object -Unique).Count | Should -BeGreaterOrEqual 9
    }

    It 'reports a missing file as PolicyNotFound and an unknown format as PolicyUnsupportedFormat' {
        $null = Test-LoopbackPolicy (Join-Path $dir 'absent.psd1') -ErrorVariable e1 -ErrorAction SilentlyContinue
        $e1[0].FullyQualifiedErrorId | Should -Be 'PolicyNotFound,LoopbackTools.Commands.TestLoopbackPolicyCommand'
        $e1[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $yaml = New-PolicyFile 'policy.yaml' 'Listeners: []'
        $null = Test-LoopbackPolicy $yaml -ErrorVariable e2 -ErrorAction SilentlyContinue
        $e2[0].FullyQualifiedErrorId | Should -Be 'PolicyUnsupportedFormat,LoopbackTools.Commands.TestLoopbackPolicyCommand'
    }

    It 'does not run code from a .psd1' {
        $marker = Join-Path $dir 'ran.txt'
        $path = New-PolicyFile 'inject.psd1' "@{ Listeners = @( @{ Port = `$(Set-Content '$marker' 'x'; 22) } ) }"
        Test-LoopbackPolicy $path -ErrorAction SilentlyContinue | Should -BeFalse
        Test-Path $marker | Should -BeFalse
    }
}

Describe 'Test-LoopbackPolicy with hostile policy files' {
    BeforeAll {
        $script:hostile = Join-Path ([IO.Path]::GetTempPath()) "lbt-hostile-policies-$([guid]::NewGuid())"
        $null = New-Item -ItemType Directory $hostile
    }
    AfterAll { Remove-Item $hostile -Recurse -Force -ErrorAction SilentlyContinue }

    It 'refuses 12 KB of nested commas with PolicyTooDeep instead of a stack overflow that ends the session' {
        $path = Join-Path $hostile 'commas.psd1'
        Set-Content $path ('@{ Listeners = ' + (',' * 12000) + '1 }')
        $said = Test-PolicyInChild $path
        $said.Result | Should -BeFalse
        $said.ErrorId | Should -Be 'PolicyTooDeep,LoopbackTools.Commands.TestLoopbackPolicyCommand'
        $said.Category | Should -Be 'InvalidData'
        $said.Target | Should -Be $path
        $said.Message | Should -BeLike "Policy file '$path', line 1: *nested deeper than 64 levels*"
        $said.Seconds | Should -BeLessThan 10
    }

    # Evaluated at discovery, for the test cases below.
    $ok = '@{ Listeners = @( @{ Port = 22 } ) }'
    It 'refuses <Case> with PolicyNotConstant before anything is loaded for it' -TestCases @(
        @{ Case = 'a DSC configuration'; Text = "configuration C { }`n"; Line = 1; Words = "'configuration' is not allowed" }
        @{ Case = 'using module'; Text = "using module ./Evil.psm1`n$ok"; Line = 1; Words = "'using' is not allowed" }
        @{ Case = 'using assembly'; Text = "using assembly ./Evil.dll`n$ok"; Line = 1; Words = "'using' is not allowed" }
        @{ Case = 'using namespace'; Text = "using namespace System.IO`n$ok"; Line = 1; Words = "'using' is not allowed" }
        @{ Case = '#requires'; Text = "# a policy`n#Requires -Version 7`n$ok"; Line = 2; Words = '#requires is not allowed' }
        @{ Case = 'a configuration after the hashtable'; Text = "$ok`nconfiguration C { }"; Line = 2; Words = "'configuration' is not allowed" }
    ) {
        $path = Join-Path $hostile "notconstant-$([guid]::NewGuid()).psd1"
        Set-Content $path $Text
        $result = Test-LoopbackPolicy -LiteralPath $path -ErrorVariable problems -ErrorAction SilentlyContinue
        $result | Should -BeFalse
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -Be 'PolicyNotConstant,LoopbackTools.Commands.TestLoopbackPolicyCommand'
        $problems[0].Exception.Message | Should -BeLike "Policy file '$path', line $($Line):*$Words*"
        $problems[0].Exception.Message | Should -Not -Match '\bat [A-Z]\w+\.|Exception:|DSC schema'
        $problems[0].Exception.Message | Should -Not -Match '\r|\n'
    }

    It 'checks every file of a batch when one trips the PowerShell parser (issue 15.2)' {
        $batch = Join-Path $hostile 'batch'
        $null = New-Item -ItemType Directory $batch
        Set-Content (Join-Path $batch '1-good.psd1') '@{ Listeners = @( @{ Port = 22 } ) }'
        Set-Content (Join-Path $batch '2-parser.psd1') '@{ Listeners = @( @{ Port = 22 } ); 9223372036854775808l = 1 }'
        Set-Content (Join-Path $batch '3-good.psd1') '@{ Listeners = @( @{ Port = 80 } ) }'
        Set-Content (Join-Path $batch '4-deep.psd1') ('@{ Listeners = ' + ('@(' * 5000) + (')' * 5000) + ' }')
        $files = Get-ChildItem $batch -Filter *.psd1 | Sort-Object Name
        $results = @($files | Test-LoopbackPolicy -ErrorVariable problems -ErrorAction SilentlyContinue)
        $results | Should -Be @($true, $false, $true, $false)
        $problems.Count | Should -Be 2
        $problems[0].FullyQualifiedErrorId | Should -Be 'PolicySyntaxError,LoopbackTools.Commands.TestLoopbackPolicyCommand'
        $problems[0].TargetObject | Should -Be (Join-Path $batch '2-parser.psd1')
        $problems[0].Exception.Message | Should -BeLike "*2-parser.psd1', line 1: '9223372036854775808l' is too large*"
        $problems[1].FullyQualifiedErrorId | Should -Be 'PolicyTooDeep,LoopbackTools.Commands.TestLoopbackPolicyCommand'
    }

    It 'validates a 1 MB policy in linear time and refuses one over 4 MB up front' {
        $entry = "    @{ Port = 6379; Protocol = 'Tcp'; Exposure = 'LoopbackOnly'; Process = 'redis-server', '/usr/bin/x*' }`n"
        $big = Join-Path $hostile 'big.psd1'
        $count = [math]::Ceiling(1MB / $entry.Length)
        Set-Content $big ("@{`n  Listeners = @(`n" + ($entry * $count) + "  )`n}")
        $null = Test-LoopbackPolicy -LiteralPath $big   # first call pays for loading the code
        $watch = [Diagnostics.Stopwatch]::StartNew()
        Test-LoopbackPolicy -LiteralPath $big | Should -BeTrue
        # The issue asks for under 2 s (0.3 s here on a quiet machine); the bound is wider for a machine shared by eight builds.
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 6

        $huge = Join-Path $hostile 'huge.json'
        $stream = [IO.File]::Create($huge); $stream.SetLength(5MB); $stream.Dispose()
        $watch.Restart()
        Test-LoopbackPolicy -LiteralPath $huge -ErrorVariable problems -ErrorAction SilentlyContinue | Should -BeFalse
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 2
        $problems[0].FullyQualifiedErrorId | Should -Be 'PolicyTooLarge,LoopbackTools.Commands.TestLoopbackPolicyCommand'
        $problems[0].CategoryInfo.Category | Should -Be 'LimitsExceeded'
        $problems[0].Exception.Message | Should -BeLike "Policy file '$huge': the file is 5 MB, more than the 4 MB a policy may be*"
    }
}

Describe 'Test-LoopbackPolicy paths' {
    BeforeAll {
        $script:paths = Join-Path ([IO.Path]::GetTempPath()) "lbt-policy-paths-$([guid]::NewGuid())"
        $null = New-Item -ItemType Directory $paths
        Set-Content (Join-Path $paths 'web.psd1') '@{ Listeners = @( @{ Port = 80 } ) }'
        Set-Content (Join-Path $paths 'db.json') '{ "Listeners": [ { "Port": 5432 } ] }'
        Set-Content -LiteralPath (Join-Path $paths 'odd[1].psd1') '@{ Listeners = @( @{ Port = 1 } ) }'
        $null = New-Item -ItemType Directory (Join-Path $paths 'folder.psd1')
    }
    AfterAll { Remove-Item -LiteralPath $paths -Recurse -Force -ErrorAction SilentlyContinue }

    It 'expands wildcards in -Path, one answer per file' {
        @(Test-LoopbackPolicy (Join-Path $paths '*.json')) | Should -Be @($true)
        @(Test-LoopbackPolicy (Join-Path $paths 'w?b.ps*')) | Should -Be @($true)
    }

    It 'takes names with [ ] as written through -LiteralPath and through Get-ChildItem' {
        Test-LoopbackPolicy -LiteralPath (Join-Path $paths 'odd[1].psd1') | Should -BeTrue
        @(Get-ChildItem -LiteralPath $paths -Filter 'odd*' | Test-LoopbackPolicy) | Should -Be @($true)
    }

    It 'says that no file matches a pattern, as PolicyNotFound' {
        Test-LoopbackPolicy (Join-Path $paths 'nothing*.psd1') -ErrorVariable problems -ErrorAction SilentlyContinue | Should -BeFalse
        $problems[0].FullyQualifiedErrorId | Should -Be 'PolicyNotFound,LoopbackTools.Commands.TestLoopbackPolicyCommand'
        $problems[0].Exception.Message | Should -BeLike "No policy file matches '*nothing``*.psd1'*"
    }

    It 'reports a directory as a directory, not as a missing file' {
        $folder = Join-Path $paths 'folder.psd1'
        Test-LoopbackPolicy -LiteralPath $folder -ErrorVariable problems -ErrorAction SilentlyContinue | Should -BeFalse
        $problems[0].FullyQualifiedErrorId | Should -Be 'PolicyIsDirectory,LoopbackTools.Commands.TestLoopbackPolicyCommand'
        $problems[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $problems[0].Exception.Message | Should -BeLike "Policy file '$folder': this is a directory, not a policy file*"
        $problems[0].Exception.Message | Should -Not -Match 'does not exist'
    }

    It 'reports an unreadable policy as PolicyUnreadable in one sentence (no doubled full stop)' -Skip:(-not $IsLinux -or (id -u) -ne '0') {
        # Root without CAP_DAC_OVERRIDE/CAP_DAC_READ_SEARCH is refused a mode-000 file as any other user would be.
        $locked = Join-Path $paths 'locked.psd1'
        Set-Content $locked '@{ Listeners = @( @{ Port = 22 } ) }'
        chmod 000 $locked
        $drop = 'dac_override,-dac_read_search'
        $said = Test-PolicyInChild $locked -Prefix 'setpriv', "--bounding-set=-$drop", "--inh-caps=-$drop", '--'
        $said.Result | Should -BeFalse
        $said.ErrorId | Should -Be 'PolicyUnreadable,LoopbackTools.Commands.TestLoopbackPolicyCommand'
        $said.Category | Should -Be 'ReadError'
        $said.Message | Should -Be ("Policy file '$locked': the file cannot be read: permission denied " +
            '(run as a user who may read it, or copy it somewhere readable).')
    }
}

Describe 'The .psd1 reader and Import-PowerShellDataFile' {
    BeforeAll {
        $script:reader = [LoopbackTools.Endpoint].Assembly.GetType('LoopbackTools.Policy.PolicyDataFileReader')
        $script:samples = Join-Path ([IO.Path]::GetTempPath()) "lbt-psd1-samples-$([guid]::NewGuid())"
        $null = New-Item -ItemType Directory $samples

        # Both results as plain data with sorted keys and numbers as numbers, so their JSON can be compared.
        function script:ConvertTo-Plain {
            param($Value)
            if ($Value -is [System.Collections.IDictionary]) {
                $plain = [ordered]@{}
                foreach ($key in @($Value.Keys | Sort-Object { [string] $_ })) { $plain[[string] $key] = ConvertTo-Plain $Value[$key] }
                return $plain
            }
            if ($Value -is [System.Collections.IList]) { return , @(foreach ($item in $Value) { ConvertTo-Plain $item }) }
            $Value
        }

        function script:ConvertFrom-PolicyNode {
            param($Node)
            switch ($Node.GetType().Name) {
                'PolicyMap' {
                    $map = [ordered]@{}
                    foreach ($entry in $Node.Entries) { $map[$entry.Key] = ConvertFrom-PolicyNode $entry.Value }
                    return $map
                }
                'PolicyList' { return , @(foreach ($item in $Node.Items) { ConvertFrom-PolicyNode $item }) }
                default { return $Node.Value }
            }
        }
    }
    AfterAll { Remove-Item $samples -Recurse -Force -ErrorAction SilentlyContinue }

    It 'reads <Case> as PowerShell does' -TestCases @(
        @{ Case = 'the documented shape'; Text = @'
@{
    Description = 'cache host'
    Listeners   = @(
        @{ Port = 6379; Protocol = 'Tcp'; Exposure = 'LoopbackOnly'; Process = 'redis-server' }
        @{ Port = '8000-8100'; Exposure = 'LoopbackOnly', 'AllInterfaces'; Process = 'python*', '/usr/bin/node' }
        @{ Port = 53 }
    )
}
'@ }
        @{ Case = 'numbers'; Text = '@{ a = 22; b = -1; c = 0x50; d = 1kb; e = 1.5; f = 1e3; g = 22l; h = 3000000000; i = 0xFFFFFFFF; j = - 7 }' }
        @{ Case = 'quoting and escapes'
            Text = "@{ a = 'it''s'; b = `"tab``there`"; c = `"q`"`"q`"; d = '`$no'; e = `"cost 5`$`"; f = `"`u{263A}`" }" }
        @{ Case = 'here-strings'; Text = "@{`n a = @'`nline 1`n  'two'`n'@`n b = @`"`n``ttabbed`n`"@`n c = @'`n'@`n}" }
        @{ Case = 'typographic quotes'; Text = "@{ a = $([char]0x2018)x$([char]0x2019); b = $([char]0x201C)y$([char]0x201D) }" }
        @{ Case = 'comments and continuations'; Text = "# top`n@{ <# block`n comment #> a = 1 # end`n b = ``
 2`n}" }
        @{ Case = 'lists'; Text = "@{ a = @(); b = @(1, 2); c = @(`n 1`n 2; 3`n); d = ,1; e = @( (1, 2) ); f = 'x',`n 'y' }" }
        @{ Case = 'lists in lists'; Text = "@{ g = @(`n @{ p = 1 }`n , @{ q = 2 }`n); h = @( ,(1, 2) ); i = @( @(1), @(2, 3) ); j = (,1) }" }
        @{ Case = 'constants'; Text = '@{ a = $true; b = $FALSE; c = $null; d = ($true) }' }
        @{ Case = 'quoted keys and separators'; Text = "@{ 'Port' = 1; `"Two Words`" = 2;; Semi = 5; }" }
    ) {
        $path = Join-Path $samples "sample-$([guid]::NewGuid()).psd1"
        Set-Content -LiteralPath $path -Value $Text
        $expected = ConvertTo-Plain (Import-PowerShellDataFile -LiteralPath $path)
        $text = [string] (Get-Content -LiteralPath $path -Raw)
        $node = $reader.GetMethod('Read').Invoke($null, [object[]] @($text, [string] $path))
        $actual = ConvertTo-Plain (ConvertFrom-PolicyNode $node)
        ($actual | ConvertTo-Json -Depth 20 -Compress) | Should -Be ($expected | ConvertTo-Json -Depth 20 -Compress)
    }
}
